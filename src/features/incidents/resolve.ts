import { placeOfArn, type Place } from '../../kernel/aws/place';
import { inlineCode } from '../../kernel/slack/format';
import { whereText, type Resolved } from '../../kernel/where';
import type { AlarmInfo, AlarmsPort } from './ports';

const ARN = /^arn:[^:]+:cloudwatch:/;

export interface ResolvedAlarm {
  key: string;
  name: string;
  /** CloudWatch's description, when resolving needed it anyway (a name, not an ARN). */
  info?: AlarmInfo;
}

/**
 * An alarm named by a person (or an ARN from our own button) → its incident key and name. A
 * name is looked up `at` the account and region the command gave (absent: the function's own).
 */
export async function resolveAlarm(
  target: string,
  alarms: AlarmsPort,
  at: Place = {},
): Promise<ResolvedAlarm | undefined> {
  if (ARN.test(target)) return { key: target, name: target.split(':alarm:')[1] ?? target };
  const found = await alarms.find(target, at);
  return found ? { key: found.arn, name: found.name, info: found } : undefined;
}

/**
 * CloudWatch's view of the alarm an incident is about, read where the alarm lives (its ARN's
 * account, through the member role, and region): only when it is the same alarm, so nothing is
 * read or changed on its behalf in the wrong account.
 */
export async function liveAlarm(key: string, name: string, alarms: AlarmsPort): Promise<AlarmInfo | undefined> {
  const found = await alarms.find(name, placeOfArn(key));
  return found && (!ARN.test(key) || found.arn === key) ? found : undefined;
}

/** "No alarm named `x` in `us-east-1`." — or in the account and region the command named. */
export function unknownAlarm(target: string, where: Resolved, region: string): string {
  return `No alarm named ${inlineCode(target)}${where.label ? whereText(where) : ` in ${inlineCode(region)}`}.`;
}
