import * as z from 'zod/mini';
import { nonEmptyString, optionalNumber as num, optionalString as str, stringish } from '../../kernel/schema';
import { parseArn } from '../../kernel/aws/arn';
import { isRegionCode, regionCodeFromName } from '../../kernel/aws/regions';

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
}

const stateSchema = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);

const dimensionSchema = z.object({ name: z.string(), value: stringish });

const snsMetricStatSchema = z.object({
  Metric: z.object({
    Namespace: z.string(),
    MetricName: z.string(),
    Dimensions: z.nullish(z.array(dimensionSchema)),
  }),
  Period: num,
  Stat: str,
  Unit: str,
});

const snsTriggerSchema = z.object({
  MetricName: str,
  Namespace: str,
  Statistic: str,
  ExtendedStatistic: str,
  Unit: str,
  Dimensions: z.nullish(z.array(dimensionSchema)),
  Period: num,
  EvaluationPeriods: num,
  DatapointsToAlarm: num,
  ComparisonOperator: str,
  Threshold: num,
  ThresholdMetricId: str,
  TreatMissingData: str,
  Metrics: z.nullish(
    z.array(
      z.object({
        Id: z.string(),
        Expression: str,
        Label: str,
        ReturnData: z.nullish(z.boolean()),
        MetricStat: z.nullish(snsMetricStatSchema),
      }),
    ),
  ),
});

/** The JSON CloudWatch publishes to SNS for an alarm action. */
const snsAlarmSchema = z.object({
  AlarmName: nonEmptyString,
  AlarmDescription: str,
  AWSAccountId: stringish,
  NewStateValue: stateSchema,
  OldStateValue: z.nullish(stateSchema),
  NewStateReason: str,
  StateChangeTime: str,
  Region: str,
  AlarmArn: str,
  Trigger: z.nullish(snsTriggerSchema),
  AlarmRule: str,
  TriggeringChildren: z.nullish(
    z.array(z.object({ Arn: z.string(), State: z.nullish(z.object({ Value: str, Timestamp: str })) })),
  ),
});

/** CloudWatch's "+0000" offsets are not ISO-8601 enough for every parser. */
export function parseAwsTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function alarmNameFromArn(arn: string): string {
  return parseArn(arn)?.resource.replace(/^alarm:/, '') ?? arn;
}

function cleanTreatMissing(value: string | undefined): string | undefined {
  // SNS sends "- TreatMissingData:                    missing"; keep only the setting.
  const match = value ? /([A-Za-z]+)\s*$/.exec(value) : null;
  return match?.[1]?.toLowerCase();
}

function kindOf(condition: AlarmCondition | undefined, isComposite: boolean): AlarmKind {
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

function locate(
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

/**
 * Parses the message CloudWatch publishes to SNS for an alarm, e.g.
 * `{"AlarmName":"…","NewStateValue":"ALARM","Trigger":{"MetricName":"…",…},…}`.
 * Returns undefined when the message is not an alarm, so the caller can fall back.
 */
export function parseSnsAlarm(json: unknown, fallbackRegion?: string): AlarmNotification | undefined {
  const parsed = snsAlarmSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  const t = a.Trigger ?? undefined;
  const condition: AlarmCondition | undefined = t
    ? {
        comparison: t.ComparisonOperator,
        threshold: t.Threshold,
        period: t.Period,
        evaluationPeriods: t.EvaluationPeriods,
        datapointsToAlarm: t.DatapointsToAlarm,
        treatMissingData: cleanTreatMissing(t.TreatMissingData),
        thresholdMetricId: t.ThresholdMetricId,
        metric:
          t.MetricName && t.Namespace
            ? {
                namespace: t.Namespace,
                metricName: t.MetricName,
                dimensions: t.Dimensions ?? [],
                stat: t.ExtendedStatistic ?? t.Statistic,
                period: t.Period,
                unit: t.Unit && t.Unit !== 'None' ? t.Unit : undefined,
              }
            : undefined,
        queries: (t.Metrics ?? []).map((m) => ({
          id: m.Id,
          expression: m.Expression,
          label: m.Label,
          returnData: m.ReturnData ?? false,
          metric: m.MetricStat
            ? {
                namespace: m.MetricStat.Metric.Namespace,
                metricName: m.MetricStat.Metric.MetricName,
                dimensions: m.MetricStat.Metric.Dimensions ?? [],
                stat: m.MetricStat.Stat,
                period: m.MetricStat.Period,
                unit: m.MetricStat.Unit,
              }
            : undefined,
        })),
      }
    : undefined;
  const isComposite = !t && Boolean(a.AlarmRule);
  const where = locate(a.AlarmArn, a.AWSAccountId, a.Region, fallbackRegion);
  return {
    kind: kindOf(condition, isComposite),
    alarmName: a.AlarmName,
    alarmArn: parseArn(a.AlarmArn) ? a.AlarmArn : undefined,
    description: a.AlarmDescription || undefined,
    accountId: where.accountId,
    partition: where.partition,
    region: where.region,
    regionDisplayName: a.Region,
    state: a.NewStateValue,
    previousState: a.OldStateValue ?? undefined,
    reason: a.NewStateReason ?? '',
    stateChangeTime: parseAwsTime(a.StateChangeTime),
    condition,
    composite: isComposite
      ? {
          rule: a.AlarmRule ?? '',
          triggeringChildren: (a.TriggeringChildren ?? []).map((c) => ({
            arn: c.Arn,
            name: alarmNameFromArn(c.Arn),
            state: c.State?.Value,
            timestamp: parseAwsTime(c.State?.Timestamp),
          })),
        }
      : undefined,
  };
}

const ebMetricSchema = z.object({
  id: z.string(),
  expression: str,
  label: str,
  returnData: z.nullish(z.boolean()),
  metricStat: z.nullish(
    z.object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.nullish(z.record(z.string(), stringish)),
      }),
      period: num,
      stat: str,
      unit: str,
    }),
  ),
});

/** The EventBridge "CloudWatch Alarm State Change" event. */
const ebAlarmSchema = z.object({
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  account: stringish,
  region: z.string(),
  time: str,
  resources: z.nullish(z.array(z.string())),
  detail: z.object({
    alarmName: nonEmptyString,
    state: z.object({ value: stateSchema, reason: str, reasonData: str, timestamp: str }),
    previousState: z.nullish(z.object({ value: stateSchema })),
    configuration: z.nullish(
      z.object({
        description: str,
        alarmRule: str,
        metrics: z.nullish(z.array(ebMetricSchema)),
      }),
    ),
  }),
});

export function parseEventBridgeAlarm(json: unknown): AlarmNotification | undefined {
  const parsed = ebAlarmSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const d = e.detail;
  const arn = e.resources?.find((r) => r.includes(':alarm:'));
  const metrics = d.configuration?.metrics ?? [];
  const queries: MetricQuery[] = metrics.map((m) => ({
    id: m.id,
    expression: m.expression,
    label: m.label,
    returnData: m.returnData ?? false,
    metric: m.metricStat
      ? {
          namespace: m.metricStat.metric.namespace,
          metricName: m.metricStat.metric.name,
          dimensions: Object.entries(m.metricStat.metric.dimensions ?? {}).map(([name, value]) => ({ name, value })),
          stat: m.metricStat.stat,
          period: m.metricStat.period,
          unit: m.metricStat.unit,
        }
      : undefined,
  }));
  const single = queries.length === 1 && queries[0]?.metric && !queries[0].expression ? queries[0].metric : undefined;
  const condition: AlarmCondition | undefined =
    metrics.length > 0 ? { metric: single, queries: single ? [] : queries, period: single?.period } : undefined;
  const isComposite = Boolean(d.configuration?.alarmRule);
  let triggering: CompositeDetails['triggeringChildren'] = [];
  if (isComposite && d.state.reasonData) {
    try {
      const reasonData = z
        .object({
          triggeringAlarms: z.array(
            z.object({ arn: z.string(), state: z.nullish(z.object({ value: str, timestamp: str })) }),
          ),
        })
        .safeParse(JSON.parse(d.state.reasonData));
      if (reasonData.success) {
        triggering = reasonData.data.triggeringAlarms.map((c) => ({
          arn: c.arn,
          name: alarmNameFromArn(c.arn),
          state: c.state?.value,
          timestamp: parseAwsTime(c.state?.timestamp),
        }));
      }
    } catch {
      // reasonData is informative only; the reason text still shows.
    }
  }
  const where = locate(arn, e.account, undefined, e.region);
  return {
    kind: kindOf(condition, isComposite),
    alarmName: d.alarmName,
    alarmArn: arn,
    description: d.configuration?.description || undefined,
    accountId: where.accountId,
    partition: where.partition,
    region: where.region,
    state: d.state.value,
    previousState: d.previousState?.value,
    reason: d.state.reason ?? '',
    stateChangeTime: parseAwsTime(d.state.timestamp) ?? parseAwsTime(e.time),
    condition,
    composite: isComposite ? { rule: d.configuration?.alarmRule ?? '', triggeringChildren: triggering } : undefined,
  };
}

/** A stable identity for the incident store: the ARN, or the name where CloudWatch sent none. */
export function alarmKey(alarm: AlarmNotification): string {
  return (
    alarm.alarmArn ??
    `${alarm.partition}:${alarm.region ?? alarm.regionDisplayName ?? 'unknown'}:${alarm.accountId}:alarm:${alarm.alarmName}`
  );
}
