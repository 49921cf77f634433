import type { SlackPort } from './slack/port';

/** Which Slack channel a notification goes to: the first rule that matches, else the default. */
export interface RouteRule {
  name: string;
  channel: string;
  accountIds?: string[];
  /** Account names (LAMPLIGHTER_ACCOUNTS, Organizations), for rules that read better by name. */
  accountNames?: string[];
  regions?: string[];
  /** Organisational units, by id (ou-…) or name: matches an account anywhere beneath one. */
  units?: string[];
  alarmNamePrefix?: string;
  alarmNamePattern?: RegExp;
  topicArns?: string[];
  /** Every tag here must be on the alarm, with this value (where its tags were read). */
  tags?: Readonly<Record<string, string>>;
}

export interface RouteFacts {
  accountId?: string;
  accountName?: string;
  /** The account's organisational units, innermost first, by id and name (read only when a rule needs them). */
  units?: readonly string[];
  region?: string;
  alarmName?: string;
  topicArn?: string;
  tags?: Readonly<Record<string, string>>;
}

function matches(rule: RouteRule, facts: RouteFacts): boolean {
  if (rule.accountIds && !(facts.accountId && rule.accountIds.includes(facts.accountId))) return false;
  if (rule.accountNames && !(facts.accountName && rule.accountNames.includes(facts.accountName))) return false;
  if (rule.regions && !(facts.region && rule.regions.includes(facts.region))) return false;
  if (rule.units && !facts.units?.some((u) => rule.units?.includes(u))) return false;
  if (rule.topicArns && !(facts.topicArn && rule.topicArns.includes(facts.topicArn))) return false;
  if (rule.alarmNamePrefix !== undefined && !facts.alarmName?.startsWith(rule.alarmNamePrefix)) return false;
  if (rule.alarmNamePattern && !(facts.alarmName !== undefined && rule.alarmNamePattern.test(facts.alarmName)))
    return false;
  if (
    rule.tags &&
    !Object.entries(rule.tags).every(
      ([k, v]) => facts.tags !== undefined && Object.hasOwn(facts.tags, k) && facts.tags[k] === v,
    )
  )
    return false;
  return true;
}

export function routeChannel(rules: readonly RouteRule[], defaultChannel: string, facts: RouteFacts): string {
  return rules.find((rule) => matches(rule, facts))?.channel ?? defaultChannel;
}

/**
 * The id of the channel the rules route to: a channel configured by name is resolved by Slack
 * (once per cold start), so every key, lock and comparison downstream uses the id.
 */
export const routeChannelId = (
  slack: Pick<SlackPort, 'channelId'>,
  rules: readonly RouteRule[],
  defaultChannel: string,
  facts: RouteFacts,
): Promise<string> => slack.channelId(routeChannel(rules, defaultChannel, facts));
