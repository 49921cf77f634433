import type { AlarmInfo, AlarmsPort } from './ports';

const ARN = /^arn:[^:]+:cloudwatch:/;

export interface ResolvedAlarm {
  key: string;
  name: string;
  /** CloudWatch's description, when resolving needed it anyway (a name, not an ARN). */
  info?: AlarmInfo;
}

/** An alarm named by a person (or an ARN from our own button) → its incident key and name. */
export async function resolveAlarm(target: string, alarms: AlarmsPort): Promise<ResolvedAlarm | undefined> {
  if (ARN.test(target)) return { key: target, name: target.split(':alarm:')[1] ?? target };
  const found = await alarms.find(target);
  return found ? { key: found.arn, name: found.name, info: found } : undefined;
}

/**
 * CloudWatch's view, from here, of the alarm an incident is about: only when it is the same
 * alarm. Another account's (or region's) alarm of the same name is not it, so nothing is read
 * or changed on its behalf in this account.
 */
export async function liveAlarm(key: string, name: string, alarms: AlarmsPort): Promise<AlarmInfo | undefined> {
  const found = await alarms.find(name);
  return found && (!ARN.test(key) || found.arn === key) ? found : undefined;
}
