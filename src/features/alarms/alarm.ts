import * as z from 'zod/mini';
import { parseArn } from '../../kernel/aws/arn';
import { isRegionCode, regionCodeFromName } from '../../kernel/aws/regions';
import { own, stringish } from '../../kernel/schema';

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
export type AlarmKind = 'metric' | 'metric-math' | 'anomaly-detection' | 'composite' | 'unspecified';

export interface Dimension {
  name: string;
  value: string;
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat?: string;
  period?: number;
  unit?: string;
}

export interface MetricQuery {
  id: string;
  expression?: string;
  label?: string;
  metric?: MetricRef;
  returnData: boolean;
}

export interface AlarmCondition {
  comparison?: string;
  threshold?: number;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  treatMissingData?: string;
  /** The single metric of a plain metric alarm. */
  metric?: MetricRef;
  /** The queries of a metric-math or anomaly-detection alarm. */
  queries: MetricQuery[];
  thresholdMetricId?: string;
}

export interface CompositeDetails {
  rule: string;
  triggeringChildren: Array<{ arn: string; name: string; state?: string; timestamp?: Date }>;
}

/** A CloudWatch alarm state change, however it arrived (SNS alarm action or EventBridge). */
export interface AlarmNotification {
  kind: AlarmKind;
  alarmName: string;
  alarmArn?: string;
  description?: string;
  accountId: string;
  partition: string;
  /** Region code ("us-east-1"), from the ARN when there is one. */
  region?: string;
  /** The display name the notification carried, kept for when the code is unknown. */
  regionDisplayName?: string;
  state: AlarmState;
  previousState?: AlarmState;
  reason: string;
  stateChangeTime?: Date;
  condition?: AlarmCondition;
  composite?: CompositeDetails;
  /** The account's name, where one is known (LAMPLIGHTER_ACCOUNTS, Organizations). */
  accountName?: string;
  /** The alarm's tags, where they were read (ListTagsForResource): routing, owner, runbook. */
  tags?: Readonly<Record<string, string>>;
}

export const stateSchema = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
export const dimensionSchema = z.object({ name: z.string(), value: stringish });
export function alarmNameFromArn(arn: string): string {
  return parseArn(arn)?.resource.replace(/^alarm:/, '') ?? arn;
}

export function cleanTreatMissing(value: string | undefined): string | undefined {
  // SNS sends "- TreatMissingData:                    missing"; keep only the setting.
  // The last word, found from the end: a regex scanning from every start is quadratic on long text.
  const text = value?.trimEnd() ?? '';
  let start = text.length;
  while (start > 0 && /[A-Za-z]/.test(text[start - 1]!)) start--;
  return start < text.length ? text.slice(start).toLowerCase() : undefined;
}

export function kindOf(condition: AlarmCondition | undefined, isComposite: boolean): AlarmKind {
  if (isComposite) return 'composite';
  if (!condition) return 'unspecified';
  if (
    condition.thresholdMetricId ||
    condition.queries.some((q) => /ANOMALY_DETECTION_BAND/i.test(q.expression ?? ''))
  ) {
    return 'anomaly-detection';
  }
  if (condition.queries.length > 0) return 'metric-math';
  return condition.metric ? 'metric' : 'unspecified';
}

export function locate(
  arn: string | undefined,
  accountId: string,
  regionDisplayName: string | undefined,
  fallbackRegion?: string,
) {
  const parsed = parseArn(arn);
  const region =
    parsed && isRegionCode(parsed.region)
      ? parsed.region
      : (regionCodeFromName(regionDisplayName ?? '') ??
        (fallbackRegion && isRegionCode(fallbackRegion) ? fallbackRegion : undefined));
  const arnAccount = parsed && /^\d{12}$/.test(parsed.accountId) ? parsed.accountId : undefined;
  return { region, accountId: arnAccount ?? accountId, partition: parsed?.partition ?? 'aws' };
}

/** A stable identity for the incident store: the ARN, or the name where CloudWatch sent none. */
export function alarmKey(alarm: AlarmNotification): string {
  return (
    alarm.alarmArn ??
    `${alarm.partition}:${alarm.region ?? alarm.regionDisplayName ?? 'unknown'}:${alarm.accountId}:alarm:${alarm.alarmName}`
  );
}

const STATISTICS: Readonly<Record<string, string>> = {
  AVERAGE: 'Average',
  SUM: 'Sum',
  MINIMUM: 'Minimum',
  MAXIMUM: 'Maximum',
  SAMPLECOUNT: 'SampleCount',
  SAMPLE_COUNT: 'SampleCount',
};

/** SNS sends "AVERAGE"; CloudWatch's own spelling (and widgets') is "Average". Percentiles pass as they are. */
export function cloudWatchStatistic(stat: string): string {
  return own(STATISTICS, stat.toUpperCase()) ?? stat;
}
