import type { Context } from 'aws-lambda';
import { createSlackAppAws } from '../src/adapters/aws/slack-app-aws';
import { createSlackClient } from '../src/adapters/slack/web-api';
import { parseJob } from '../src/app/worker/job';
import { createWorker } from '../src/app/worker/deps';
import { loadSlackAppConfig } from '../src/config/slack-app';
import { createSlackProvider } from '../src/kernel/delivery/slack-provider';
import { LamplighterError } from '../src/kernel/errors';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';

// Built once per container; a bad configuration fails here, naming the entry.
const config = loadSlackAppConfig(process.env);
const aws = createSlackAppAws(config.tableName);
const slack = createSlackProvider(config.slackToken, aws.readSlackToken, (token) =>
  createSlackClient({
    token,
    apiUrl: config.slackApiUrl,
    timeoutMs: config.slackTimeoutMs,
    ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
  }),
);
const worker = createWorker(aws, config, jsonLogger(undefined, logLevelEnv(process.env)));

/** A job from the Slack gateway: search, answer, done. A malformed job fails (and is dead-lettered). */
export const handler = async (event: unknown, context: Context) => {
  const job = parseJob(event);
  if (!job) throw new LamplighterError('bad_job', 'the worker was invoked with something that is not a job');
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  try {
    await worker(job, { slack: await slack.get(), deadline });
  } catch (err) {
    slack.failed(err);
    throw err;
  }
  return { answered: job.kind };
};
