import type { Context } from 'aws-lambda';
import { createSlackAppAws } from '../src/adapters/aws/slack-app-aws';
import { parseJob, runJob } from '../src/app/worker/jobs';
import { actionDepsFor } from '../src/app/worker/deps';
import { loadSlackAppConfig } from '../src/config/load';
import { createSlackProvider } from '../src/kernel/delivery/slack-provider';
import { LamplighterError } from '../src/kernel/errors';
import { jsonLogger } from '../src/kernel/log';
import { postToResponseUrl } from '../src/adapters/slack/response-url';
import { createSlackClient } from '../src/adapters/slack/web-api';

// Built once per container; a bad configuration fails here, naming the entry.
const config = loadSlackAppConfig(process.env);
const aws = createSlackAppAws(config.tableName);
const slack = createSlackProvider(config.slackToken, aws.readSlackToken, (token) =>
  createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: config.slackTimeoutMs }),
);
const log = jsonLogger();
const actions = actionDepsFor(aws, config);

/** A job from the Slack gateway: search, answer, done. A malformed job fails (and is dead-lettered). */
export const handler = async (event: unknown, context: Context) => {
  const job = parseJob(event);
  if (!job) throw new LamplighterError('bad_job', 'the worker was invoked with something that is not a job');
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  try {
    await runJob(job, {
      logs: aws.logs,
      access: config.access,
      aliases: config.aliases,
      partition: 'aws',
      region: config.region,
      slack: await slack.get(),
      respond: (url, message) => postToResponseUrl(url, message, config.slackApiUrl),
      incidents: aws.state,
      actions,
      deadline: () => deadline,
      log,
    });
  } catch (err) {
    slack.failed(err);
    throw err;
  }
  return { answered: job.kind };
};
