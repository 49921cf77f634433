import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, DynamoState } from './dynamo-state';
import { readSlackBotToken } from './secrets';

/** The AWS side of the cost guard: its state table and the Slack secret, nothing else. */
export interface StateAws {
  state: DynamoState;
  readSlackToken: (secretId: string) => Promise<string>;
}

export function createStateAws(tableName: string): StateAws {
  const secrets = new SecretsManagerClient({});
  return {
    state: new DynamoState(createDocumentClient(new DynamoDBClient({})), tableName),
    readSlackToken: (secretId) => readSlackBotToken(secrets, secretId),
  };
}
