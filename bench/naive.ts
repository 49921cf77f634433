/**
 * The naive build the cold-start bench compares against: Bolt and seven SDK clients imported at
 * top level and created at module scope, bundled and minified like the real functions.
 */
import { App, AwsLambdaReceiver } from '@slack/bolt';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const receiver = new AwsLambdaReceiver({ signingSecret: 'naive' });
const app = new App({ token: 'xoxb-naive', receiver });
const clients = [
  new CloudTrailClient({}),
  new CloudWatchClient({}),
  new CloudWatchLogsClient({}),
  new DynamoDBClient({}),
  new EC2Client({}),
  new LambdaClient({}),
  new SecretsManagerClient({}),
];

export const handler = async () => ({ app: typeof app, clients: clients.length });
