import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

/** The state table as template.yaml declares it (pk/sk strings, on demand): for tests, the bench and the demo, against moto. */
export async function createStateTable(name: string, client: DynamoDBClient = new DynamoDBClient({})): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
