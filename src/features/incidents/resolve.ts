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
