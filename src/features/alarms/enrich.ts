import { errorMessage } from '../../kernel/errors';
import { formatTimeOfDay } from '../../kernel/slack/format';
import { withTimeout } from '../../kernel/timeout';
import type { Step } from '../../kernel/delivery/run-once';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import type { AlarmNotification, MetricRef } from './alarm';
import type { LogExcerpt, LogExcerptSource } from './log-excerpt';
import { metricWidgetFor, type MetricGraphSource } from './metric-widget';

/** What an alarm message adds beside the alarm itself: its log lines and its graph. */
export interface EnrichDeps {
  /** Absent when log lines are switched off. */
  logs?: LogExcerptSource;
  /** Absent when graphs are switched off. */
  graphs?: MetricGraphSource;
  logLines: number;
  slack: SlackPort;
  log: Logger;
}

/** The alert must not wait long on CloudWatch Logs: past this, it is posted without its log lines. */
const LOG_LOOKUP_MS = 5000;

/** The metric whose filter may explain the alarm: the plain metric, or the first metric of the math. */
function logMetricOf(alarm: AlarmNotification): MetricRef | undefined {
  return alarm.condition?.metric ?? alarm.condition?.queries.find((q) => q.metric)?.metric;
}

function evaluationWindow(alarm: AlarmNotification, now: Date): { start: Date; end: Date } {
  const end = alarm.stateChangeTime ?? now;
  const period = alarm.condition?.period ?? logMetricOf(alarm)?.period ?? 300;
  const periods = (alarm.condition?.evaluationPeriods ?? 1) + 1;
  return { start: new Date(end.getTime() - period * periods * 1000), end };
}

/** The last lines the alarm's metric filter matched in its window; undefined if none or on failure. */
export async function fetchLogs(
  alarm: AlarmNotification,
  deps: EnrichDeps,
  now: Date,
): Promise<LogExcerpt | undefined> {
  const metric = logMetricOf(alarm);
  if (!deps.logs || !metric || !alarm.region || deps.logLines <= 0) return undefined;
  try {
    return await withTimeout(
      deps.logs.excerptFor(alarm.region, metric, evaluationWindow(alarm, now), deps.logLines, alarm.accountId),
      LOG_LOOKUP_MS,
      'log lookup',
    );
  } catch (err) {
    // The alert matters more than its log lines: post without them, and say why in the logs.
    deps.log.warn('could not read log lines for the alarm', { alarm: alarm.alarmName, error: err });
    return undefined;
  }
}

/** The metric's three hours up to the change, as a PNG in the message's thread; best effort. */
export async function attachGraph(
  alarm: AlarmNotification,
  posted: { channel: string; ts: string },
  deps: EnrichDeps,
  step: Step,
  now: Date,
): Promise<void> {
  const end = alarm.stateChangeTime ?? now;
  const widget = metricWidgetFor(alarm, end);
  if (!widget || !alarm.region || !deps.graphs) return;
  const graphs = deps.graphs;
  const region = alarm.region;
  try {
    await step('graph', async () => {
      const png = await graphs.render(region, widget, alarm.accountId);
      await deps.slack.uploadFile({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: 'metric.png',
        // Which period, ending when: "last 3 hours" says neither once the thread is read later.
        title: `${alarm.alarmName}: 3 h to ${formatTimeOfDay(end)}`,
        content: png,
      });
      return 'uploaded';
    });
  } catch (err) {
    // A missing graph never costs the alert itself.
    deps.log.warn('could not attach the metric graph', { alarm: alarm.alarmName, error: errorMessage(err) });
  }
}
