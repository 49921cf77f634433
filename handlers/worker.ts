import type { Context } from 'aws-lambda';
import { createSlackAppAws } from '../src/adapters/aws/slack-app-aws';
import { slackClientFor } from '../src/adapters/slack/web-api';
import { parseSignedJob } from '../src/app/worker/job';
import { createWorker } from '../src/app/worker/deps';
import { loadSlackAppConfig } from '../src/config/slack-app';
import { createSlackProvider } from '../src/kernel/delivery/slack-provider';
import { jobKey } from '../src/kernel/access/job-signature';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';

// Built once per container; a bad configuration fails here, naming the entry.
const config = loadSlackAppConfig(process.env);
const aws = createSlackAppAws(config.tableName);
const log = jsonLogger(undefined, logLevelEnv(process.env));
const slack = createSlackProvider(config.slackToken, aws.readSlackToken, slackClientFor(config, log));
const worker = createWorker(aws, config, log);
// The key the gateway signs jobs with, from the same secret's signingSecret; a failed read is retried.
const signing = config.signingSecret;
let key: Promise<Buffer> | undefined;
const readKey = () =>
  (key ??= (signing.kind === 'plain' ? Promise.resolve(signing.secret) : aws.readSigningSecret(signing.secretId)).then(
    jobKey,
    (err: unknown) => ((key = undefined), Promise.reject(err)),
  ));
readKey().catch(() => undefined);

/** A job the Slack gateway signed: search, answer, done. A forged or malformed job fails (and is dead-lettered). */
export const handler = async (event: unknown, context: Context) => {
  const job = parseSignedJob(event, await readKey());
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  try {
    await worker(job, { slack: await slack.get(), deadline });
  } catch (err) {
    slack.failed(err);
    throw err;
  }
  return { answered: job.kind };
};
