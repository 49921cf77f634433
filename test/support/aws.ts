import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

/** Wipes moto's state: every suite starts from an empty account. */
export async function resetMoto(): Promise<void> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: the moto global setup did not run');
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

export { createStateTable } from '../../src/adapters/aws/seed';

/** Makes the journal's final write for delivery `id` fail once, as a lost connection would. */
export function failCompleteOnce(state: { complete(id: string): Promise<void> }, id: string): void {
  const complete = state.complete.bind(state);
  let failOnce = true;
  state.complete = async (messageId: string) => {
    if (failOnce && messageId === id) {
      failOnce = false;
      throw new Error('DynamoDB: connection reset');
    }
    return complete(messageId);
  };
}

/** Forgets what the notifier owes each channel (its budget, recent opens, storm): tests share channels. */
export async function clearFlows(table: string): Promise<void> {
  const client = new DynamoDBClient({});
  // The channels' flows and queues, and the workspace's update budget (a test starts with a full bucket).
  for (const pk of ['FLOWS', 'BUDGET', 'QUEUE']) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
      }),
    );
    for (const item of res.Items ?? [])
      await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: item.pk!, sk: item.sk! } }));
  }
}

/** Whether CloudWatch (moto) has the alarm's actions on, as the console would show. */
export async function actionsEnabled(
  name: string,
  client: CloudWatchClient = new CloudWatchClient({}),
): Promise<boolean | undefined> {
  const res = await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return res.MetricAlarms?.[0]?.ActionsEnabled;
}
