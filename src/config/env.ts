import { ConfigError } from '../kernel/errors';
import type { LogLevel } from '../kernel/log';
import { OPTIONS, type BooleanOption, type DecimalOption, type IntegerOption } from './options';

export type Env = Readonly<Record<string, string | undefined>>;

/** A Slack channel id (C0123ABCD) or name. */
export const CHANNEL = /^([CGD][A-Z0-9]{6,}|#?[a-z0-9][a-z0-9._-]{0,79})$/;

/** A variable a function cannot start without; named in the error. */
export function requiredEnv(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

export function channelEnv(env: Env, name: string): string {
  const channel = requiredEnv(env, name);
  if (!CHANNEL.test(channel)) throw new ConfigError(name, 'must be a Slack channel id (C0123ABCD) or name');
  return channel;
}

export function integerEnv(env: Env, name: IntegerOption): number {
  const { default: fallback, min, max } = OPTIONS[name];
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function booleanEnv(env: Env, name: BooleanOption): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return OPTIONS[name].default;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function decimalEnv(env: Env, name: DecimalOption): number {
  const raw = env[name]?.trim();
  if (!raw) return OPTIONS[name].default;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(name, `must be a non-negative number, got "${raw}"`);
  return value;
}

/** An http(s) URL, with a trailing slash so paths join onto it. */
export function urlEnv(env: Env, name: 'SLACK_API_URL'): string {
  const raw = env[name]?.trim() || OPTIONS[name].default;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new ConfigError(name, 'must be an http(s) URL');
  return raw.endsWith('/') ? raw : raw + '/';
}

/** A Slack user group id (S0123ABCD), when set. */
export function userGroupEnv(env: Env, name: string): string | undefined {
  const group = env[name]?.trim();
  if (group && !/^S[A-Z0-9]{2,}$/.test(group))
    throw new ConfigError(name, 'must be a Slack user group id like S0123ABCD');
  return group || undefined;
}

export function parseJsonEntry(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(name, `is not valid JSON (${(err as Error).message})`);
  }
}

/** zod/mini carries no message catalogue: say what was wrong in words. */
export function describeIssue(issue: { code: string; message: string; expected?: unknown; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys && issue.keys.length > 1 ? 's' : ''} ${(issue.keys ?? []).join(', ')}`;
  if (issue.code === 'invalid_type') return `must be a ${String(issue.expected)}`;
  if (issue.code === 'invalid_union') return 'must be a non-empty string or a list of them';
  if (issue.code === 'too_small') return 'must not be empty';
  return issue.message;
}

/** `[2].alarmNamePattern`: where in an entry the first problem is. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** A JSON array of rules, each checked by `check`, naming the first bad one (`NAME[2].field`). */
export function parseRuleList<T>(
  name: string,
  raw: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } },
  word: (issue: Issue) => string = describeIssue,
): T[] {
  const json = parseJsonEntry(name, raw);
  if (!Array.isArray(json)) throw new ConfigError(name, 'must be a JSON array of rules');
  return json.map((rule, i) => {
    const parsed = schema.safeParse(rule);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ConfigError(`${name}[${i}]${issuePath(first?.path ?? [])}`, first ? word(first) : 'is invalid');
    }
    return parsed.data;
  });
}

type Issue = { code: string; message: string; path: ReadonlyArray<PropertyKey>; expected?: unknown; keys?: string[] };

/** The least severe log line to write (LOG_LEVEL); anything else fails at start-up, by name. */
export function logLevelEnv(env: Env): LogLevel {
  const raw = (env.LOG_LEVEL?.trim() || OPTIONS.LOG_LEVEL.default).toUpperCase();
  if (!(OPTIONS.LOG_LEVEL.values as readonly string[]).includes(raw))
    throw new ConfigError('LOG_LEVEL', `must be INFO, WARN or ERROR, got "${raw}"`);
  return raw as LogLevel;
}
