import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeMetricFiltersCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { MetricRef } from '../../features/alarms/alarm';
import type { LogExcerpt, LogExcerptSource, LogLine } from '../../features/alarms/log-excerpt';
import type { MetricGraphSource } from '../../features/alarms/metric-widget';

const MAX_FILTER_PAGES = 5;

/** Finds the metric filter behind a log metric and reads the newest lines it matched. */
export function createLogExcerptSource(logs: (region: string) => CloudWatchLogsClient): LogExcerptSource {
  return {
    async excerptFor(region: string, metric: MetricRef, window, limit): Promise<LogExcerpt | undefined> {
      const client = logs(region);
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
            stream: e.logStreamName ?? '',
            message: e.message ?? '',
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

export function createMetricGraphSource(cloudwatch: (region: string) => CloudWatchClient): MetricGraphSource {
  return {
    async render(region, widgetJson) {
      const res = await cloudwatch(region).send(
        new GetMetricWidgetImageCommand({ MetricWidget: widgetJson, OutputFormat: 'png' }),
      );
      if (!res.MetricWidgetImage) throw new Error('GetMetricWidgetImage returned no image');
      return Buffer.from(res.MetricWidgetImage);
    },
  };
}
