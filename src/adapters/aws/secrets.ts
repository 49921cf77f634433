import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../kernel/errors';

/**
 * Reads the Slack bot token from Secrets Manager. The secret holds either the bare token or
 * JSON `{"botToken":"xoxb-…","signingSecret":"…"}`. The token itself is never logged.
 */
export async function readSlackBotToken(client: SecretsManagerClient, secretId: string): Promise<string> {
  const res = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const raw = res.SecretString?.trim();
  if (!raw) throw new ConfigError('SLACK_BOT_TOKEN_SECRET_ARN', 'the secret has no string value');
  let token = raw;
  if (raw.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError('SLACK_BOT_TOKEN_SECRET_ARN', 'the secret looks like JSON but does not parse');
    }
    const botToken = (parsed as { botToken?: unknown }).botToken;
    if (typeof botToken !== 'string' || !botToken)
      throw new ConfigError('SLACK_BOT_TOKEN_SECRET_ARN', 'the secret JSON has no "botToken"');
    token = botToken;
  }
  if (token === 'REPLACE_ME')
    throw new ConfigError(
      'SLACK_BOT_TOKEN_SECRET_ARN',
      'the secret still holds the placeholder; put the bot token in it',
    );
  return token;
}

/** Reads the signing secret from the same secret's JSON `{"signingSecret":"…"}`. Never logged. */
export async function readSigningSecret(client: SecretsManagerClient, secretId: string): Promise<string> {
  const res = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.SecretString ?? '');
  } catch {
    throw new ConfigError(
      'SLACK_BOT_TOKEN_SECRET_ARN',
      'the secret must be JSON with "signingSecret" for the Slack gateway',
    );
  }
  const secret = (parsed as { signingSecret?: unknown }).signingSecret;
  if (typeof secret !== 'string' || !secret || secret === 'REPLACE_ME') {
    throw new ConfigError(
      'SLACK_BOT_TOKEN_SECRET_ARN',
      'the secret JSON has no "signingSecret" yet; put the app\'s signing secret in it',
    );
  }
  return secret;
}

let plainClient: SecretsManagerClient | undefined;

/** A secret that holds one bare string (the member roles' external id). Never logged. */
export async function readSecretString(secretId: string, client?: SecretsManagerClient): Promise<string> {
  const res = await (client ?? (plainClient ??= new SecretsManagerClient({}))).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  const value = res.SecretString?.trim();
  if (!value) throw new ConfigError('MEMBER_EXTERNAL_ID_SECRET_ARN', 'the secret has no string value');
  return value;
}

/** One Secrets Manager client for a container's reads of the Slack secret. */
export function createSecretReader(client: SecretsManagerClient = new SecretsManagerClient({})) {
  return {
    botToken: (secretId: string) => readSlackBotToken(client, secretId),
    signingSecret: (secretId: string) => readSigningSecret(client, secretId),
  };
}
