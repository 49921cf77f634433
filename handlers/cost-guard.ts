import type { Context } from 'aws-lambda';
import { createCostGuardAws } from '../src/adapters/aws/cost-guard-aws';
import { createCostGuardApp } from '../src/app/cost-guard';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { slackClientFor } from '../src/adapters/slack/web-api';

// Built once per container: a bad configuration fails here, at cold start, naming the entry.
const log = jsonLogger(undefined, logLevelEnv(process.env));
const app = createCostGuardApp(process.env, {
  aws: createCostGuardAws(process.env.TABLE_NAME ?? ''),
  // The Slack SDK's own warnings and errors go through our logger too, tokens masked.
  slackFor: (token, config) => slackClientFor(config, log)(token),
  log,
});

/** CloudTrail (via EventBridge, with or without SNS), AWS Budgets and Cost Anomaly alerts → Slack. */
export const handler = async (event: unknown, context: Context) => {
  const outcomes = await app.handle(event, Date.now() + context.getRemainingTimeInMillis());
  return { delivered: outcomes.length };
};
