import * as z from 'zod/mini';
import { ConfigError } from '../kernel/errors';

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
    names.set(id, trimmed);
  }
  return names;
}
