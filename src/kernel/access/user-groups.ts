import type { Logger } from '../log';
import type { SlackPort } from '../slack/port';

/** Which of `groups` the user belongs to (a group Slack cannot list counts as "not a member"). */
export async function memberOf(
  user: string,
  groups: readonly string[],
  slack: Pick<SlackPort, 'userGroupMembers'>,
  log: Logger,
): Promise<string[]> {
  const member: string[] = [];
  for (const g of new Set(groups)) {
    try {
      if ((await slack.userGroupMembers(g)).includes(user)) member.push(g);
    } catch (err) {
      log.warn('could not read a user group; treating the user as not in it', { group: g, error: err });
    }
  }
  return member;
}
