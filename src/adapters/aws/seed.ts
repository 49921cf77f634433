import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

/** Creates a log group with one stream of events: for the local demo, against moto. */
export async function seedLogGroup(
  group: string,
  stream: string,
  events: Array<{ timestamp: number; message: string }>,
): Promise<void> {
  const logs = new CloudWatchLogsClient({});
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: [...events].sort((a, b) => a.timestamp - b.timestamp),
    }),
  );
}
