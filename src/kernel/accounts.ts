import { inlineCode } from './slack/format';
import { escapeMrkdwn } from './slack/text';

/** Account ids to the names people know them by ("prod-payments"), from configuration and Organizations. */
export type AccountNames = ReadonlyMap<string, string>;

/** Where the names come from: a configured map, and AWS Organizations where it may be read. */
export interface AccountDirectory {
  /** Every name known now; never throws (a source that fails leaves the others). */
  names(): Promise<AccountNames>;
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
