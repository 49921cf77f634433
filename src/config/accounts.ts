import * as z from 'zod/mini';
import { ConfigError } from '../kernel/errors';
import type { ConsoleSignIn } from '../kernel/slack/account-links';

const ACCOUNT = /^\d{12}$/;
const namesSchema = z.record(z.string(), z.string());

/**
 * LAMPLIGHTER_ACCOUNTS: a JSON object of account ids to names, e.g.
 * `{"123456789012": "prod-payments"}`. A bad entry fails at start-up, by name.
 */
export function parseAccountNames(raw: string | undefined, entry = 'LAMPLIGHTER_ACCOUNTS'): Map<string, string> {
  const names = new Map<string, string>();
  if (!raw || !raw.trim()) return names;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(entry, `is not JSON (${(err as Error).message})`);
  }
  const parsed = namesSchema.safeParse(json);
  if (!parsed.success || Array.isArray(json))
    throw new ConfigError(entry, 'must be an object of account ids to names, e.g. {"123456789012": "prod-payments"}');
  for (const [id, name] of Object.entries(parsed.data)) {
    if (!ACCOUNT.test(id)) throw new ConfigError(`${entry}.${id.slice(0, 40)}`, 'is not an account id (12 digits)');
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 64)
      throw new ConfigError(`${entry}.${id}`, 'must be a name of 1 to 64 characters');
    const twin = [...names].find(([, n]) => n === trimmed)?.[0];
    if (twin)
      throw new ConfigError(`${entry}.${id}`, `is named "${trimmed}" like ${twin}: each name names one account`);
    names.set(id, trimmed);
  }
  return names;
}

/**
 * CONSOLE_START_URL (an IAM Identity Center access portal, https://…/start) and CONSOLE_ROLE_NAME
 * (a permission set): console links then open in the account a message is about. Neither set:
 * plain console links. A bad entry fails at start-up, by name.
 */
export function consoleSignInFrom(env: Readonly<Record<string, string | undefined>>): ConsoleSignIn | undefined {
  const startUrl = env.CONSOLE_START_URL?.trim();
  const roleName = env.CONSOLE_ROLE_NAME?.trim();
  if (!startUrl) {
    if (roleName) throw new ConfigError('CONSOLE_ROLE_NAME', 'needs CONSOLE_START_URL (the access portal) beside it');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(startUrl);
  } catch {
    throw new ConfigError('CONSOLE_START_URL', `is not a URL: "${startUrl}"`);
  }
  if (url.protocol !== 'https:' || url.search || url.hash)
    throw new ConfigError(
      'CONSOLE_START_URL',
      `must be the access portal's https start URL, e.g. https://my-company.awsapps.com/start`,
    );
  if (roleName && !/^[\w+=,.@-]{1,32}$/.test(roleName))
    throw new ConfigError('CONSOLE_ROLE_NAME', `is not a permission set name: "${roleName}"`);
  return { startUrl: url.toString(), ...(roleName ? { roleName } : {}) };
}

/** `{ consoleSignIn }` where an access portal is configured; nothing otherwise. */
export function signInOf(env: Readonly<Record<string, string | undefined>>): { consoleSignIn?: ConsoleSignIn } {
  const signIn = consoleSignInFrom(env);
  return signIn ? { consoleSignIn: signIn } : {};
}
