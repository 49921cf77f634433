import type { Context } from 'aws-lambda';
import { createNotifierApp } from '../src/app/notifier';
import { createNotifierAws } from '../src/adapters/aws/notifier-aws';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { slackClientFor } from '../src/adapters/slack/web-api';

// Built once per container: a bad configuration fails here, at cold start, naming the entry.
const log = jsonLogger(undefined, logLevelEnv(process.env));
const app = createNotifierApp(process.env, {
  aws: createNotifierAws(process.env.TABLE_NAME ?? ''),
  // The Slack SDK's own warnings and errors go through our logger too, tokens masked.
  slackFor: (token, config) => slackClientFor(config, log)(token),
  log,
});

/** SNS "alarms" topic → one live Slack message per incident. */
export const handler = async (event: unknown, context: Context) => {
  const outcomes = await app.handle(event, Date.now() + context.getRemainingTimeInMillis());
  return { delivered: outcomes.length };
};
