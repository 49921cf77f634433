import { headUnits } from '../../kernel/slack/text';
import { cloudWatchStatistic, type AlarmNotification, type MetricRef } from './alarm';

type MetricRow = Array<string | Record<string, string | number | boolean>>;

function row(metric: MetricRef, options: Record<string, string | number | boolean>): MetricRow {
  const dims = metric.dimensions.flatMap((d) => [d.name, d.value]);
  return [metric.namespace, metric.metricName, ...dims, options];
}

/**
 * The `MetricWidget` JSON for GetMetricWidgetImage: the alarm's metric (or its math) over the
 * last three hours, with the threshold drawn. Undefined for alarms with no metric (composite).
 */
export function metricWidgetFor(alarm: AlarmNotification, end: Date): string | undefined {
  const c = alarm.condition;
  if (!c || !alarm.region) return undefined;
  const metrics: MetricRow[] = [];
  if (c.metric && c.queries.length === 0) {
    const opts: Record<string, string | number> = {};
    if (c.metric.stat) opts.stat = cloudWatchStatistic(c.metric.stat);
    if (c.metric.period) opts.period = c.metric.period;
    metrics.push(row(c.metric, opts));
  } else {
    for (const q of c.queries) {
      if (q.expression)
        metrics.push([{ expression: q.expression, id: q.id, label: q.label ?? q.id, visible: q.returnData }]);
      else if (q.metric) {
        const opts: Record<string, string | number | boolean> = { id: q.id, visible: q.returnData };
        if (q.metric.stat) opts.stat = cloudWatchStatistic(q.metric.stat);
        if (q.metric.period) opts.period = q.metric.period;
        metrics.push(row(q.metric, opts));
      }
    }
  }
  if (metrics.length === 0) return undefined;
  const widget: Record<string, unknown> = {
    title: headUnits(alarm.alarmName, 200),
    view: 'timeSeries',
    stacked: false,
    region: alarm.region,
    width: 800,
    height: 360,
    start: new Date(end.getTime() - 3 * 3600_000).toISOString(),
    end: end.toISOString(),
    metrics,
  };
  if (c.threshold !== undefined && !c.thresholdMetricId) {
    widget.annotations = { horizontal: [{ label: 'Threshold', value: c.threshold, color: '#d13212' }] };
  }
  return JSON.stringify(widget);
}

/** Port: renders a widget to a PNG. */
export interface MetricGraphSource {
  /** `accountId`: the alarm's account, when it is another of the organisation's. */
  render(region: string, widgetJson: string, accountId?: string): Promise<Buffer>;
}
