import type { Context } from 'aws-lambda';
import { createCostGuardAws } from '../src/adapters/aws/cost-guard-aws';
import { createCostGuardApp } from '../src/app/cost-guard';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { createSlackClient } from '../src/adapters/slack/web-api';

// Built once per container: a bad configuration fails here, at cold start, naming the entry.
const app = createCostGuardApp(process.env, {
  aws: createCostGuardAws(process.env.TABLE_NAME ?? ''),
  slackFor: (token, config) =>
    createSlackClient({
      token,
      apiUrl: config.slackApiUrl,
      timeoutMs: config.slackTimeoutMs,
      ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
    }),
  log: jsonLogger(undefined, logLevelEnv(process.env)),
});

/** CloudTrail (via EventBridge, with or without SNS), AWS Budgets and Cost Anomaly alerts → Slack. */
export const handler = async (event: unknown, context: Context) => {
  const outcomes = await app.handle(event, Date.now() + context.getRemainingTimeInMillis());
  return { delivered: outcomes.length };
};
