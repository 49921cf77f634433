import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LogsError, type LogsPort } from '../../features/logs/port';

/** Maps CloudWatch Logs' errors to ones a person can act on. Throttling is retried by the SDK first. */
export function toLogsError(err: unknown, group?: string): LogsError {
  const name = (err as { name?: string }).name ?? '';
  const message = (err as { message?: string }).message ?? String(err);
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new LogsError(
      'access_denied',
      `Lamplighter's role may not read ${group ? `log group ${group}` : 'these log groups'}.`,
      { cause: err },
    );
  }
  if (name === 'ResourceNotFoundException')
    return new LogsError('not_found', `Log group not found${group ? `: ${group}` : ''}.`, { cause: err });
  if (name === 'InvalidParameterException' || name === 'MalformedQueryException') {
    return new LogsError('bad_pattern', `CloudWatch Logs rejected the request: ${message}`, { cause: err });
  }
  if (name === 'ThrottlingException' || name === 'LimitExceededException' || name === 'TooManyRequestsException') {
    return new LogsError('throttled', 'CloudWatch Logs is throttling requests; try again in a minute.', { cause: err });
  }
  return new LogsError('failed', `CloudWatch Logs failed: ${message}`, { cause: err });
}

export function createLogsPort(client: CloudWatchLogsClient = new CloudWatchLogsClient({ maxAttempts: 5 })): LogsPort {
  return {
    async listGroups(prefix, max) {
      const names: string[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const res = await client.send(
            new DescribeLogGroupsCommand({ ...(prefix ? { logGroupNamePrefix: prefix } : {}), nextToken }),
          );
          for (const g of res.logGroups ?? []) if (g.logGroupName) names.push(g.logGroupName);
          nextToken = res.nextToken;
        } while (nextToken && names.length < max);
      } catch (err) {
        throw toLogsError(err);
      }
      return names.slice(0, max);
    },
    async filter({ group, pattern, start, end, streamPrefix, nextToken }) {
      try {
        const res = await client.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            ...(pattern ? { filterPattern: pattern } : {}),
            startTime: start.getTime(),
            endTime: end.getTime(),
            ...(streamPrefix ? { logStreamNamePrefix: streamPrefix } : {}),
            nextToken,
          }),
        );
        return {
          events: (res.events ?? []).map((e) => ({
            timestamp: e.timestamp ?? 0,
            stream: e.logStreamName ?? '',
            message: e.message ?? '',
          })),
          nextToken: res.nextToken,
        };
      } catch (err) {
        throw toLogsError(err, group);
      }
    },
    async startQuery({ group, query, start, end }) {
      try {
        const res = await client.send(
          new StartQueryCommand({
            logGroupName: group,
            queryString: query,
            startTime: Math.floor(start.getTime() / 1000),
            endTime: Math.ceil(end.getTime() / 1000),
          }),
        );
        if (!res.queryId) throw new Error('StartQuery returned no query id');
        return res.queryId;
      } catch (err) {
        throw toLogsError(err, group);
      }
    },
    async stopQuery(queryId) {
      try {
        await client.send(new StopQueryCommand({ queryId }));
      } catch {
        // Best effort: the query times out on its own after 60 minutes.
      }
    },
    async queryResults(queryId) {
      try {
        const res = await client.send(new GetQueryResultsCommand({ queryId }));
        return {
          status: res.status ?? 'Unknown',
          rows: (res.results ?? []).map((row) => row.map((f) => ({ field: f.field ?? '', value: f.value ?? '' }))),
        };
      } catch (err) {
        throw toLogsError(err);
      }
    },
  };
}
