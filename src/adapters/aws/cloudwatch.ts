import { CloudWatchClient, GetMetricWidgetImageCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeMetricFiltersCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { MetricRef } from '../../features/alarms/alarm';
import type { LogExcerpt, LogExcerptSource, LogLine } from '../../features/alarms/log-excerpt';
import type { MetricGraphSource } from '../../features/alarms/metric-widget';
import type { AlarmTagsSource } from '../../features/alarms/tags';
import { bounded } from '../../kernel/untrusted';

const MAX_FILTER_PAGES = 5;

/** Finds the metric filter behind a log metric and reads the newest lines it matched. */
export function createLogExcerptSource(
  logs: (region: string, accountId?: string) => Promise<CloudWatchLogsClient>,
): LogExcerptSource {
  return {
    async excerptFor(region: string, metric: MetricRef, window, limit, accountId): Promise<LogExcerpt | undefined> {
      const client = await logs(region, accountId);
      const filters = await client.send(
        new DescribeMetricFiltersCommand({ metricName: metric.metricName, metricNamespace: metric.namespace }),
      );
      const filter = filters.metricFilters?.find((f) => f.logGroupName);
      if (!filter?.logGroupName) return undefined;
      const pattern = filter.filterPattern ?? '';
      const lines: LogLine[] = [];
      let nextToken: string | undefined;
      // Pages come oldest first; keep reading (a bounded number of pages) and keep the newest.
      for (let page = 0; page < MAX_FILTER_PAGES; page++) {
        const res = await client.send(
          new FilterLogEventsCommand({
            logGroupName: filter.logGroupName,
            filterPattern: pattern || undefined,
            startTime: window.start.getTime(),
            endTime: window.end.getTime(),
            nextToken,
          }),
        );
        for (const e of res.events ?? []) {
          lines.push({
            timestamp: new Date(e.timestamp ?? 0),
            logGroup: filter.logGroupName,
            // Bounded where it enters: a 160,000-character line costs what a short one does.
            stream: bounded(e.logStreamName ?? ''),
            message: bounded(e.message ?? ''),
          });
        }
        if (lines.length > limit) lines.splice(0, lines.length - limit);
        nextToken = res.nextToken;
        if (!nextToken) break;
      }
      return { logGroup: filter.logGroupName, filterPattern: pattern, window, lines, complete: !nextToken };
    },
  };
}

export function createMetricGraphSource(
  cloudwatch: (region: string, accountId?: string) => Promise<CloudWatchClient>,
): MetricGraphSource {
  return {
    async render(region, widgetJson, accountId) {
      const res = await (
        await cloudwatch(region, accountId)
      ).send(new GetMetricWidgetImageCommand({ MetricWidget: widgetJson, OutputFormat: 'png' }));
      if (!res.MetricWidgetImage) throw new Error('GetMetricWidgetImage returned no image');
      return Buffer.from(res.MetricWidgetImage);
    },
  };
}

/** Tags change rarely: each alarm's are read at most once in this long per container. */
const TAGS_TTL_MS = 10 * 60_000;

/** An alarm's tags (ListTagsForResource), cached per container: a storm of one alarm reads them once. */
export function createAlarmTagsSource(
  cloudwatch: (region: string, accountId?: string) => Promise<CloudWatchClient>,
  now: () => number = Date.now,
): AlarmTagsSource {
  const cache = new Map<string, { at: number; tags: Record<string, string> }>();
  return {
    async tagsOf(alarmArn, region) {
      const hit = cache.get(alarmArn);
      if (hit && now() - hit.at < TAGS_TTL_MS) return hit.tags;
      // The alarm's own account, from its ARN: a member's alarm is read through its member role.
      const accountId = alarmArn.split(':')[4];
      const client = await cloudwatch(region, accountId);
      const res = await client.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
      const tags: Record<string, string> = {};
      for (const t of res.Tags ?? []) if (t.Key) tags[bounded(t.Key)] = bounded(t.Value ?? '');
      if (cache.size > 5000) cache.clear();
      cache.set(alarmArn, { at: now(), tags });
      return tags;
    },
  };
}
