import * as z from 'zod/mini';
import { parseArn } from '../../kernel/aws/arn';
import { parseAwsTime } from '../../kernel/aws/time';
import { nonEmptyString, optionalNumber as num, optionalString as str, stringish } from '../../kernel/schema';
import {
  alarmNameFromArn,
  cleanTreatMissing,
  dimensionSchema,
  kindOf,
  locate,
  stateSchema,
  type AlarmCondition,
  type AlarmNotification,
} from './alarm';

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
