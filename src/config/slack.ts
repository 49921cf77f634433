import { ConfigError } from '../kernel/errors';
import type { SlackTokenSource } from '../kernel/delivery/slack-provider';
import type { Env } from './env';

/** The bot token: from Secrets Manager in AWS, or plain in the environment for local runs. */
export function slackTokenSource(env: Env): SlackTokenSource {
  const secretId = env.SLACK_BOT_TOKEN_SECRET_ARN?.trim();
  if (secretId) return { kind: 'secret', secretId };
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (token) return { kind: 'plain', token };
  throw new ConfigError('SLACK_BOT_TOKEN_SECRET_ARN', 'is required (or SLACK_BOT_TOKEN for local runs)');
}

export type SigningSecretSource = { kind: 'secret'; secretId: string } | { kind: 'plain'; secret: string };

/** The signing secret: plain for local runs, else the same secret's JSON `signingSecret`. */
export function signingSecretSource(env: Env): SigningSecretSource {
  const plain = env.SLACK_SIGNING_SECRET?.trim();
  if (plain) return { kind: 'plain', secret: plain };
  const secretId = env.SLACK_BOT_TOKEN_SECRET_ARN?.trim();
  if (secretId) return { kind: 'secret', secretId };
  throw new ConfigError(
    'SLACK_SIGNING_SECRET',
    'is required (or SLACK_BOT_TOKEN_SECRET_ARN holding {"signingSecret":…})',
  );
}
