import { ConfigError } from '../kernel/errors';
import * as z from 'zod/mini';
import { nonEmptyString } from '../kernel/schema';
import type { AccessRule, LogsAccess } from '../features/logs/access';
import type { RoleRule } from '../kernel/access/roles';
import type { SpendPolicy } from '../features/spend/policy';
import type { RouteRule } from '../kernel/routing';

export type Env = Readonly<Record<string, string | undefined>>;

export type SlackTokenSource = { kind: 'secret'; secretId: string } | { kind: 'plain'; token: string };

export interface NotifierConfig {
  slackApiUrl: string;
  slackToken: SlackTokenSource;
  defaultChannel: string;
  routes: RouteRule[];
  tableName: string;
  graphsEnabled: boolean;
  logLines: number;
  flapWindowMs: number;
  slackTimeoutMs: number;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

const CHANNEL = /^([CGD][A-Z0-9]{6,}|#?[a-z0-9][a-z0-9._-]{0,79})$/;

const oneOrMany = (check: (v: string) => boolean, message: string) =>
  z
    .pipe(
      z.union([nonEmptyString, z.array(nonEmptyString).check(z.minLength(1))]),
      z.transform((v) => (Array.isArray(v) ? v : [v])),
    )
    .check(z.refine((values) => values.every(check), message));

const routeSchema = z.strictObject({
  name: z.optional(nonEmptyString),
  channel: z.string().check(z.regex(CHANNEL, 'must be a Slack channel id (C0123ABCD) or name')),
  account: z.optional(oneOrMany((id) => /^\d{12}$/.test(id), 'account ids are 12 digits')),
  region: z.optional(oneOrMany((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r), 'regions are codes like us-east-1')),
  alarmNamePrefix: z.optional(nonEmptyString),
  alarmNamePattern: z.optional(nonEmptyString),
  topicArn: z.optional(oneOrMany((a) => a.startsWith('arn:'), 'topic ARNs start with arn:')),
});

/** zod/mini carries no message catalogue: say what was wrong in words. */
function describeIssue(issue: { code: string; message: string; expected?: unknown; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys && issue.keys.length > 1 ? 's' : ''} ${(issue.keys ?? []).join(', ')}`;
  if (issue.code === 'invalid_type') return `must be a ${String(issue.expected)}`;
  if (issue.code === 'invalid_union') return 'must be a non-empty string or a list of them';
  if (issue.code === 'too_small') return 'must not be empty';
  return issue.message;
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Parses LAMPLIGHTER_ROUTES, naming the first bad entry precisely (e.g. `LAMPLIGHTER_ROUTES[2].alarmNamePattern`). */
export function parseRoutes(raw: string | undefined, entry = 'LAMPLIGHTER_ROUTES'): RouteRule[] {
  if (!raw || !raw.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(entry, `is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(json)) throw new ConfigError(entry, 'must be a JSON array of rules');
  return json.map((item, index): RouteRule => {
    const at = `${entry}[${index}]`;
    const parsed = routeSchema.safeParse(item);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ConfigError(`${at}${issuePath(first?.path ?? [])}`, first ? describeIssue(first) : 'is invalid');
    }
    const r = parsed.data;
    if (!r.account && !r.region && !r.alarmNamePrefix && !r.alarmNamePattern && !r.topicArn) {
      throw new ConfigError(
        at,
        'matches nothing: give at least one of account, region, alarmNamePrefix, alarmNamePattern, topicArn',
      );
    }
    let pattern: RegExp | undefined;
    if (r.alarmNamePattern !== undefined) {
      try {
        pattern = new RegExp(r.alarmNamePattern);
      } catch (err) {
        throw new ConfigError(
          `${at}.alarmNamePattern`,
          `is not a valid regular expression (${(err as Error).message})`,
        );
      }
    }
    const rule: RouteRule = { name: r.name ?? `rule ${index + 1}`, channel: r.channel };
    if (r.account) rule.accountIds = r.account;
    if (r.region) rule.regions = r.region;
    if (r.alarmNamePrefix) rule.alarmNamePrefix = r.alarmNamePrefix;
    if (pattern) rule.alarmNamePattern = pattern;
    if (r.topicArn) rule.topicArns = r.topicArn;
    return rule;
  });
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new ConfigError(name, 'must be an http(s) URL');
  return raw.endsWith('/') ? raw : raw + '/';
}

export function slackTokenSource(env: Env): SlackTokenSource {
  const secretId = env.SLACK_BOT_TOKEN_SECRET_ARN?.trim();
  if (secretId) return { kind: 'secret', secretId };
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (token) return { kind: 'plain', token };
  throw new ConfigError('SLACK_BOT_TOKEN_SECRET_ARN', 'is required (or SLACK_BOT_TOKEN for local runs)');
}

/** What every notifying function needs: where Slack is, the token, a channel, routes, the table. */
function deliverySettings(env: Env, channelVar: string) {
  const defaultChannel = required(env, channelVar);
  if (!CHANNEL.test(defaultChannel))
    throw new ConfigError(channelVar, 'must be a Slack channel id (C0123ABCD) or name');
  return {
    slackApiUrl: url(env, 'SLACK_API_URL', DEFAULT_SLACK_API_URL),
    slackToken: slackTokenSource(env),
    defaultChannel,
    routes: parseRoutes(env.LAMPLIGHTER_ROUTES),
    tableName: required(env, 'TABLE_NAME'),
    slackTimeoutMs: integer(env, 'SLACK_TIMEOUT_MS', 5000, 500, 30_000),
  };
}

/** Reads and checks the alarm notifier's configuration once, at cold start. */
export function loadNotifierConfig(env: Env): NotifierConfig {
  return {
    ...deliverySettings(env, 'SLACK_DEFAULT_CHANNEL'),
    graphsEnabled: boolean(env, 'GRAPHS_ENABLED', false),
    logLines: integer(env, 'LOG_LINES', 10, 0, 50),
    flapWindowMs: integer(env, 'FLAP_WINDOW_MINUTES', 30, 0, 24 * 60) * 60_000,
  };
}

export interface CostGuardConfig {
  slackApiUrl: string;
  slackToken: SlackTokenSource;
  defaultChannel: string;
  routes: RouteRule[];
  tableName: string;
  slackTimeoutMs: number;
  /** `service:EventName` keys of the calls that get a spend warning. */
  watchlist: ReadonlySet<string>;
  policy: SpendPolicy;
  /** What a watched call that failed (errorCode set, nothing created) gets: a quiet note, or nothing. */
  failedCalls: 'note' | 'ignore';
  securityWatch: boolean;
  groupWindowMs: number;
}

const WATCH_ENTRY = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** COST_WATCHLIST: a comma-separated or JSON list of `service:EventName`, or empty for the defaults. */
export function parseWatchlist(raw: string | undefined, defaults: readonly string[]): ReadonlySet<string> {
  if (!raw?.trim()) return new Set(defaults);
  let entries: unknown;
  if (raw.trim().startsWith('[')) {
    try {
      entries = JSON.parse(raw);
    } catch (err) {
      throw new ConfigError('COST_WATCHLIST', `is not valid JSON (${(err as Error).message})`);
    }
  } else {
    entries = raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
  }
  if (!Array.isArray(entries)) throw new ConfigError('COST_WATCHLIST', 'must be a list of service:EventName entries');
  entries.forEach((entry, i) => {
    if (typeof entry !== 'string' || !WATCH_ENTRY.test(entry)) {
      throw new ConfigError(
        `COST_WATCHLIST[${i}]`,
        `"${String(entry)}" is not service:EventName (e.g. redshift:CreateCluster)`,
      );
    }
  });
  return new Set(entries as string[]);
}

function decimal(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(name, `must be a non-negative number, got "${raw}"`);
  return value;
}

/** Reads and checks the cost guard's configuration once, at cold start. */
export function loadCostGuardConfig(env: Env, defaultWatchlist: readonly string[]): CostGuardConfig {
  const channelVar = env.SLACK_COST_CHANNEL?.trim() ? 'SLACK_COST_CHANNEL' : 'SLACK_DEFAULT_CHANNEL';
  const warning = decimal(env, 'COST_WARNING_MONTHLY_USD', 100);
  const critical = decimal(env, 'COST_CRITICAL_MONTHLY_USD', 1000);
  if (critical < warning)
    throw new ConfigError(
      'COST_CRITICAL_MONTHLY_USD',
      `(${critical}) must not be below COST_WARNING_MONTHLY_USD (${warning})`,
    );
  const group = env.COST_MENTION_GROUP_ID?.trim();
  if (group && !/^S[A-Z0-9]{2,}$/.test(group))
    throw new ConfigError('COST_MENTION_GROUP_ID', 'must be a Slack user group id like S0123ABCD');
  const failed = env.COST_FAILED_CALLS?.trim() || 'note';
  if (failed !== 'note' && failed !== 'ignore')
    throw new ConfigError('COST_FAILED_CALLS', `must be "note" or "ignore", got "${failed}"`);
  return {
    ...deliverySettings(env, channelVar),
    watchlist: parseWatchlist(env.COST_WATCHLIST, defaultWatchlist),
    policy: { warningMonthlyUsd: warning, criticalMonthlyUsd: critical, ...(group ? { mentionGroupId: group } : {}) },
    failedCalls: failed,
    securityWatch: boolean(env, 'SECURITY_WATCH', true),
    groupWindowMs: integer(env, 'COST_GROUP_WINDOW_MINUTES', 15, 0, 24 * 60) * 60_000,
  };
}

export type SigningSecretSource = { kind: 'secret'; secretId: string } | { kind: 'plain'; secret: string };

export interface SlackAppConfig {
  /** The sweeper escalates an unacknowledged ALARM after this long (0: never). */
  escalateAfterMs: number;
  oncallGroupId?: string;
  /** Where the sweeper posts an alarm that fired unseen during a mute (optional). */
  defaultChannel?: string;
  /** Who may do what (LAMPLIGHTER_ROLES); absent: everyone is a responder. */
  roles?: RoleRule[];
  slackApiUrl: string;
  slackToken: SlackTokenSource;
  signingSecret: SigningSecretSource;
  access: LogsAccess;
  aliases: Record<string, string>;
  /** Where `/logs` answers link to, and which region it reads. */
  region: string;
  tableName?: string;
  slackTimeoutMs: number;
}

const roleRuleSchema = z.strictObject({
  role: z.enum(['viewer', 'responder', 'operator']),
  users: z.optional(z.array(z.string().check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids look like U0123ABCD')))),
  userGroups: z.optional(
    z.array(z.string().check(z.regex(/^S[A-Z0-9]{2,}$/, 'Slack user group ids look like S0123ABCD'))),
  ),
  channels: z.optional(
    z.array(z.string().check(z.regex(/^[CGD][A-Z0-9]{2,}$/, 'Slack channel ids look like C0123ABCD'))),
  ),
});

/** LAMPLIGHTER_ROLES: a JSON array of {role, users?, userGroups?, channels?}. */
export function parseRoles(raw: string | undefined): RoleRule[] | undefined {
  if (!raw?.trim()) return undefined;
  const json = parseJsonEntry('LAMPLIGHTER_ROLES', raw);
  if (!Array.isArray(json)) throw new ConfigError('LAMPLIGHTER_ROLES', 'must be a JSON array of rules');
  return json.map((rule, i) => {
    const parsed = roleRuleSchema.safeParse(rule);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const message =
        first?.code === 'invalid_value'
          ? 'must be viewer, responder or operator'
          : first
            ? describeIssue(first)
            : 'is invalid';
      throw new ConfigError(`LAMPLIGHTER_ROLES[${i}]${issuePath(first?.path ?? [])}`, message);
    }
    const r = parsed.data;
    if (!r.users?.length && !r.userGroups?.length && !r.channels?.length)
      throw new ConfigError(`LAMPLIGHTER_ROLES[${i}]`, 'names nobody: give users, userGroups or channels');
    return r;
  });
}

const accessRuleSchema = z.strictObject({
  groups: z.array(nonEmptyString).check(z.minLength(1)),
  channels: z.optional(z.array(nonEmptyString)),
  users: z.optional(z.array(nonEmptyString)),
  userGroups: z.optional(
    z.array(z.string().check(z.regex(/^S[A-Z0-9]{2,}$/, 'Slack user group ids look like S0123ABCD'))),
  ),
});

function parseJsonEntry(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(name, `is not valid JSON (${(err as Error).message})`);
  }
}

/** Reads and checks the Slack gateway's and worker's configuration once, at cold start. */
export function loadSlackAppConfig(env: Env): SlackAppConfig {
  const secretId = env.SLACK_BOT_TOKEN_SECRET_ARN?.trim();
  const plainSigning = env.SLACK_SIGNING_SECRET?.trim();
  let signingSecret: SigningSecretSource;
  if (plainSigning) signingSecret = { kind: 'plain', secret: plainSigning };
  else if (secretId) signingSecret = { kind: 'secret', secretId };
  else
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'is required (or SLACK_BOT_TOKEN_SECRET_ARN holding {"signingSecret":…})',
    );

  const allowedPrefixes = (env.LOGS_ALLOWED_PREFIXES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  let policy: AccessRule[] | undefined;
  if (env.LOGS_ACCESS_POLICY?.trim()) {
    const json = parseJsonEntry('LOGS_ACCESS_POLICY', env.LOGS_ACCESS_POLICY);
    if (!Array.isArray(json)) throw new ConfigError('LOGS_ACCESS_POLICY', 'must be a JSON array of rules');
    policy = json.map((rule, i) => {
      const parsed = accessRuleSchema.safeParse(rule);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ConfigError(
          `LOGS_ACCESS_POLICY[${i}]${issuePath(first?.path ?? [])}`,
          first ? describeIssue(first) : 'is invalid',
        );
      }
      return parsed.data;
    });
  }
  let aliases: Record<string, string> = {};
  if (env.LOGS_ALIASES?.trim()) {
    const json = parseJsonEntry('LOGS_ALIASES', env.LOGS_ALIASES);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new ConfigError('LOGS_ALIASES', 'must be a JSON object of alias → log group');
    for (const [alias, group] of Object.entries(json)) {
      if (typeof group !== 'string' || !group) throw new ConfigError(`LOGS_ALIASES.${alias}`, 'must name a log group');
    }
    aliases = json as Record<string, string>;
  }
  const tableName = env.TABLE_NAME?.trim();
  const roles = parseRoles(env.LAMPLIGHTER_ROLES);
  const oncall = env.ONCALL_GROUP_ID?.trim();
  if (oncall && !/^S[A-Z0-9]{2,}$/.test(oncall))
    throw new ConfigError('ONCALL_GROUP_ID', 'must be a Slack user group id like S0123ABCD');
  return {
    escalateAfterMs: integer(env, 'ESCALATE_AFTER_MINUTES', 15, 0, 24 * 60) * 60_000,
    ...(env.SLACK_DEFAULT_CHANNEL?.trim() ? { defaultChannel: env.SLACK_DEFAULT_CHANNEL.trim() } : {}),
    ...(oncall ? { oncallGroupId: oncall } : {}),
    ...(roles ? { roles } : {}),
    slackApiUrl: url(env, 'SLACK_API_URL', DEFAULT_SLACK_API_URL),
    slackToken: slackTokenSource(env),
    signingSecret,
    access: { allowedPrefixes, ...(policy ? { policy } : {}) },
    aliases,
    region: env.AWS_REGION?.trim() || 'us-east-1',
    ...(tableName ? { tableName } : {}),
    slackTimeoutMs: integer(env, 'SLACK_TIMEOUT_MS', 5000, 500, 30_000),
  };
}

/** A variable a function cannot start without; named in the error. */
export function requiredEnv(env: Env, name: string): string {
  return required(env, name);
}
