/** What `/logs` needs from CloudWatch Logs; the adapter in src/aws maps the SDK to it. */
export interface LogEvent {
  timestamp: number;
  stream: string;
  message: string;
}

export interface LogsPort {
  /** Log group names starting with `prefix` (all when empty), at most `max`. */
  listGroups(prefix: string, max: number): Promise<string[]>;
  filter(params: {
    group: string;
    pattern: string;
    start: Date;
    end: Date;
    streamPrefix?: string;
    nextToken?: string;
  }): Promise<{
    events: LogEvent[];
    nextToken?: string;
  }>;
  startQuery(params: { group: string; query: string; start: Date; end: Date }): Promise<string>;
  queryResults(queryId: string): Promise<{ status: string; rows: Array<Array<{ field: string; value: string }>> }>;
  /** Stops a query Lamplighter gave up waiting for, so it does not hold one of the account's slots. */
  stopQuery?(queryId: string): Promise<void>;
}

export type LogsErrorCode = 'access_denied' | 'bad_pattern' | 'not_found' | 'throttled' | 'failed';

/** A CloudWatch Logs failure, in terms a person can act on. */
export class LogsError extends Error {
  constructor(
    readonly code: LogsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LogsError';
  }
}
