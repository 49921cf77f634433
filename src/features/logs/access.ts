import * as z from 'zod/mini';
import type { Requester } from '../../kernel/access/roles';
import { nonEmptyString } from '../../kernel/schema';
import { CHANNEL_ID } from '../../kernel/slack/channels';

/**
 * Who may search which log groups. The deploy-time allowlist of prefixes bounds what the bot's
 * role can read at all; the policy narrows it per Slack channel and user. No policy: everyone
 * in the workspace may search the allowed groups.
 */
/** One entry of LOGS_ACCESS_POLICY: the log group prefixes it opens, and to whom (all that are set). */
export const accessRuleSchema = z.strictObject({
  /** Log group prefixes this rule opens. */
  groups: z.array(nonEmptyString).check(z.minLength(1)),
  /** When set, only in these channels, by id: a request carries its channel's id, never its name. */
  channels: z.optional(
    z.array(
      z
        .string()
        .check(z.regex(CHANNEL_ID, 'Slack channel ids look like C0123ABCD (a request carries the id, never the name)')),
    ),
  ),
  /** When set, only for these users. */
  users: z.optional(z.array(nonEmptyString)),
  /** When set, only for members of these Slack user groups. */
  userGroups: z.optional(
    z.array(z.string().check(z.regex(/^S[A-Z0-9]{2,}$/, 'Slack user group ids look like S0123ABCD'))),
  ),
});

export type AccessRule = z.infer<typeof accessRuleSchema>;

export interface LogsAccess {
  allowedPrefixes: string[];
  policy?: AccessRule[];
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
