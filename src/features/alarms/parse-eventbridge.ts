import * as z from 'zod/mini';
import { parseArn } from '../../kernel/aws/arn';
import { isRegionCode } from '../../kernel/aws/regions';
import { parseAwsTime } from '../../kernel/aws/time';
import { eventBridgeEnvelope } from '../../kernel/envelopes/eventbridge';
import { nonEmptyString, optionalNumber as num, optionalString as str, stringish } from '../../kernel/schema';
import {
  alarmNameFromArn,
  kindOf,
  locate,
  stateSchema,
  type AlarmCondition,
  type AlarmNotification,
  type CompositeDetails,
  type MetricQuery,
} from './alarm';

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
const ebAlarmSchema = z.extend(eventBridgeEnvelope, {
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  account: stringish,
  region: z.string(),
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

/** AWS's partitions: an ARN's first field, from a fixed list rather than a pattern. */
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

/**
 * The alarm's ARN, in the envelope's account and region. CloudWatch emits an alarm's state change
 * in the alarm's own account and region, and EventBridge stamps `account` with the real sender;
 * `resources` is the sender's to write (PutEvents), so an ARN naming another account, region or
 * alarm is not believed: the ARN is rebuilt where the event really came from.
 */
function ownAlarmArn(arn: string | undefined, account: string, region: string, name: string): string | undefined {
  const parsed = parseArn(arn);
  if (!/^\d{12}$/.test(account) || !isRegionCode(region)) return arn;
  const partition = parsed && PARTITIONS.has(parsed.partition) ? parsed.partition : 'aws';
  const own = `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name}`;
  return own;
}

export function parseEventBridgeAlarm(json: unknown): AlarmNotification | undefined {
  const parsed = ebAlarmSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const d = e.detail;
  const arn = ownAlarmArn(
    e.resources?.find((r) => r.includes(':alarm:')),
    e.account,
    e.region,
    d.alarmName,
  );
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
