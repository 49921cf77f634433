/**
 * Who may search which log groups. The deploy-time allowlist of prefixes bounds what the bot's
 * role can read at all; the policy narrows it per Slack channel and user. No policy: everyone
 * in the workspace may search the allowed groups.
 */
export interface AccessRule {
  /** Log group prefixes this rule opens. */
  groups: string[];
  /** When set, only in these channels. */
  channels?: string[];
  /** When set, only for these users. */
  users?: string[];
  /** When set, only for members of these Slack user groups. */
  userGroups?: string[];
}

export interface LogsAccess {
  allowedPrefixes: string[];
  policy?: AccessRule[];
}

export interface Requester {
  user: string;
  channel: string;
  /** The user's groups, looked up only when the policy names groups. */
  userGroups?: readonly string[];
}

export function withinAllowlist(access: LogsAccess, group: string): boolean {
  return access.allowedPrefixes.length === 0 || access.allowedPrefixes.some((p) => group.startsWith(p));
}

export function maySearch(access: LogsAccess, who: Requester, group: string): boolean {
  if (!withinAllowlist(access, group)) return false;
  if (!access.policy) return true;
  return access.policy.some(
    (rule) =>
      rule.groups.some((p) => group.startsWith(p)) &&
      (!rule.channels || rule.channels.includes(who.channel)) &&
      (!rule.users || rule.users.includes(who.user)) &&
      (!rule.userGroups || rule.userGroups.some((g) => who.userGroups?.includes(g))),
  );
}
