import type { MetricRef } from './alarm';

export interface LogLine {
  timestamp: Date;
  logGroup: string;
  stream: string;
  message: string;
}

/** The log lines behind a log-metric alarm, from the alarm's evaluation window. */
export interface LogExcerpt {
  logGroup: string;
  filterPattern: string;
  window: { start: Date; end: Date };
  lines: LogLine[];
  /** False when more lines matched than were read (the lines shown are then not the newest). */
  complete: boolean;
}

/** Port: finds the metric filter behind a metric and the lines it matched in a window. */
export interface LogExcerptSource {
  excerptFor(
    region: string,
    metric: MetricRef,
    window: { start: Date; end: Date },
    limit: number,
    /** The alarm's account, when it is another of the organisation's. */
    accountId?: string,
  ): Promise<LogExcerpt | undefined>;
}
