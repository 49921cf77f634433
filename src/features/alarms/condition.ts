import { own } from '../../kernel/schema';
import { cloudWatchStatistic, type AlarmCondition, type AlarmNotification, type MetricRef } from './alarm';
import { formatNumber, formatPeriod, inlineCode } from '../../kernel/slack/format';
import { escapeInline, escapeMrkdwn } from '../../kernel/slack/text';

/** An alarm's condition in words: "Sum of `NS Metric` > 3 for 1 consecutive period of 5 minutes". */
const COMPARISONS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

/** The statistic in words, escaped: it comes from the payload like everything else. */
function statName(stat: string | undefined): string {
  if (!stat) return '';
  return escapeInline(cloudWatchStatistic(stat));
}

export function dimensionsText(metric: MetricRef): string {
  return metric.dimensions.map((d) => `${d.name}=${d.value}`).join(', ');
}

function metricText(metric: MetricRef): string {
  const stat = statName(metric.stat);
  const dims = metric.dimensions.length ? ` (${escapeInline(dimensionsText(metric))})` : '';
  return `${stat ? stat + ' of ' : ''}${inlineCode(`${metric.namespace} ${metric.metricName}`)}${dims}`;
}

function evaluationText(c: AlarmCondition): string {
  // EventBridge alarm events carry no evaluation settings: say nothing rather than invent them.
  if (!c.evaluationPeriods) return '';
  const periods = c.evaluationPeriods;
  const needed = c.datapointsToAlarm ?? periods;
  const span = c.period ? ` of ${formatPeriod(c.period)}` : '';
  return needed === periods
    ? ` for ${periods} consecutive period${periods === 1 ? '' : 's'}${span}`
    : ` in ${needed} of ${periods} periods${span}`;
}

/** The alarm's condition in words, e.g. "Average of `AWS/EC2 NetworkOut` > 0 Bytes for 1 consecutive period of 1 minute". */
export function describeCondition(alarm: AlarmNotification): string | undefined {
  const c = alarm.condition;
  if (alarm.kind === 'composite' && alarm.composite) return `Composite rule ${inlineCode(alarm.composite.rule)}`;
  if (!c) return undefined;
  const op = c.comparison ? escapeMrkdwn(own(COMPARISONS, c.comparison) ?? c.comparison) : '';
  const unit = c.metric?.unit ? ` ${escapeMrkdwn(c.metric.unit)}` : '';
  const threshold = c.threshold !== undefined && op ? ` ${formatNumber(c.threshold)}${unit}` : '';
  const missing =
    c.treatMissingData && c.treatMissingData !== 'missing'
      ? `; missing data treated as ${escapeMrkdwn(c.treatMissingData)}`
      : '';
  if (c.metric && c.queries.length === 0) {
    return `${metricText(c.metric)}${op ? ' ' + op : ''}${threshold}${evaluationText(c)}${missing}`;
  }
  const band = c.thresholdMetricId ? c.queries.find((q) => q.id === c.thresholdMetricId) : undefined;
  const returned = c.queries.find((q) => q.returnData && q.id !== band?.id) ?? c.queries.find((q) => q.id !== band?.id);
  const subject = returned?.metric
    ? metricText(returned.metric)
    : returned
      ? inlineCode(`${returned.id} = ${returned.expression ?? ''}`)
      : 'the metric';
  const target = band
    ? ` ${op || 'outside the band'} ${inlineCode(band.expression ?? band.id)}`
    : op
      ? ` ${op}${threshold}`
      : '';
  const where = c.queries
    .filter((q) => q !== returned && q !== band && q.metric)
    .map((q) => `${inlineCode(q.id)} = ${metricText(q.metric as MetricRef)}`);
  return `${subject}${target}${evaluationText(c)}${where.length ? `, where ${where.join('; ')}` : ''}${missing}`;
}
