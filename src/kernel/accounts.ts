import { inlineCode } from './slack/format';
import { escapeMrkdwn } from './slack/text';

/** Account ids to the names people know them by ("prod-payments"), from configuration and Organizations. */
export type AccountNames = ReadonlyMap<string, string>;

/** Where the names come from: a configured map, and AWS Organizations where it may be read. */
export interface AccountDirectory {
  /** Every name known now; never throws (a source that fails leaves the others). */
  names(): Promise<AccountNames>;
}

/** "prod-payments (`123456789012`)", or the bare id where no name is known. Mrkdwn, escaped. */
export function accountText(id: string, name: string | undefined): string {
  return name ? `${escapeMrkdwn(name)} (${inlineCode(id)})` : inlineCode(id);
}
