import { inlineCode } from './slack/format';
import { escapeMrkdwn } from './slack/text';

/** Account ids to the names people know them by ("prod-payments"), from configuration and Organizations. */
export type AccountNames = ReadonlyMap<string, string>;

/** What `--account` is checked against: who is called what, and which accounts may be reached at all. */
export interface AccountBook {
  /** Each name belongs to one account: configured names win, and a name two accounts claim is in `clashes`. */
  names: AccountNames;
  /** The accounts a person may point a command at: the configured ones, and the organisation's where it may be read. */
  members: ReadonlySet<string>;
  /** Names refused because more than one account claims them: the name → every id claiming it. */
  clashes: ReadonlyMap<string, readonly string[]>;
}

/**
 * The names people may use, from the configured ones (LAMPLIGHTER_ACCOUNTS) and the
 * organisation's. A member account names itself in Organizations, so it must not capture a
 * configured name: the configured name wins, and an Organizations name that repeats a configured
 * one, or that two accounts share, names neither (it is a clash, with both ids).
 */
export function mergeAccountNames(
  configured: AccountNames,
  organisation: AccountNames = new Map(),
): Pick<AccountBook, 'names' | 'clashes'> {
  const names = new Map(configured);
  const configuredIdOf = new Map([...configured].map(([id, name]) => [name, id]));
  const claims = new Map<string, string[]>();
  for (const [id, name] of organisation) {
    if (configured.has(id)) continue;
    claims.set(name, [...(claims.get(name) ?? []), id]);
  }
  const clashes = new Map<string, string[]>();
  for (const [name, ids] of claims) {
    const configuredId = configuredIdOf.get(name);
    if (configuredId !== undefined) clashes.set(name, [configuredId, ...ids]);
    else if (ids.length > 1) clashes.set(name, ids);
    else names.set(ids[0]!, name);
  }
  return { names, clashes };
}

/** The book of the configured accounts alone: no organisation read. */
export const configuredBook = (configured: AccountNames = new Map()): AccountBook => ({
  names: configured,
  members: new Set(configured.keys()),
  clashes: new Map(),
});

/** Where the names come from: a configured map, and AWS Organizations where it may be read. */
export interface AccountDirectory {
  /** Every name known now; never throws (a source that fails leaves the others). */
  names(): Promise<AccountNames>;
  /** The names, the accounts that may be reached and the refused names; never throws. */
  book?(): Promise<AccountBook>;
  /**
   * The organisational units an account sits in, innermost first, each by id and by name
   * (AWS Organizations, cached); [] where unknown. Never throws.
   */
  unitsOf?(accountId: string): Promise<string[]>;
}

/** "prod-payments (`123456789012`)", or the bare id where no name is known. Mrkdwn, escaped. */
export function accountText(id: string, name: string | undefined): string {
  return name ? `${escapeMrkdwn(name)} (${inlineCode(id)})` : inlineCode(id);
}

/** The account's organisational units, only where a routing rule asks for them (each costs Organizations calls). */
export async function unitsForRouting(
  rules: ReadonlyArray<{ units?: string[] }>,
  directory: AccountDirectory | undefined,
  accountId: string | undefined,
): Promise<{ units?: string[] }> {
  if (!accountId || !directory?.unitsOf || !rules.some((r) => r.units)) return {};
  return { units: await directory.unitsOf(accountId) };
}
