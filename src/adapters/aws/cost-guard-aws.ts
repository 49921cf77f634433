import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { storesFor, type Stores } from './dynamo';
import { readSlackBotToken } from './secrets';

/** The AWS side of the cost guard: its state table and the Slack secret, nothing else. */
export interface StateAws {
  stores: Pick<Stores, 'journal' | 'spend'>;
  readSlackToken: (secretId: string) => Promise<string>;
}

export function createStateAws(tableName: string): StateAws {
  const secrets = new SecretsManagerClient({});
  return {
    stores: storesFor(tableName),
    readSlackToken: (secretId) => readSlackBotToken(secrets, secretId),
  };
}
