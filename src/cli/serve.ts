import { createMemberAccess, memberSettingsFrom } from '../adapters/aws/member-access';
import { createSlackAppAws } from '../adapters/aws/slack-app-aws';
import type { Job } from '../app/worker/job';
import type { LogsPort } from '../features/logs/port';
import type { TrailPort } from '../features/trail/port';
import type { Place } from '../kernel/aws/place';
import { createWorker } from '../app/worker/deps';
import { loadSlackAppConfig } from '../config/slack-app';
import { type Env } from '../config/env';
import { ConfigError } from '../kernel/errors';
import { jsonLogger, type Logger } from '../kernel/log';
import { startLocalApp } from '../adapters/slack/local-app';
import { createSlackClient } from '../adapters/slack/web-api';
import { isLoopback, LOOPBACK, PUBLISHED_SIGNING_SECRETS } from '../sandbox/published-secrets';

/** How long an in-process job may run, like the worker Lambda's timeout. */
const JOB_MS = 60_000;

/**
 * Where serve listens: HOST, or this machine only. Another address is allowed with a signing
 * secret of its own: one published in the source would let any host on the network act as any
 * Slack user (a signed `/mute … --actions` changes alarms).
 */
function listenHost(env: Env, signingSecret: string): string {
  const host = env.HOST?.trim() || LOOPBACK;
  if (!isLoopback(host) && PUBLISHED_SIGNING_SECRETS.includes(signingSecret))
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      `is a secret published in Lamplighter's source (the sandbox's or the demo's), which anyone can sign with: serving on ${host} (not this machine only) needs your Slack app's own signing secret`,
    );
  return host;
}

/**
 * `lamplighter serve`: the Slack gateway and the worker in one process, configured by
 * SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, PORT, HOST (127.0.0.1) and the
 * standard AWS variables.
 */
export async function serve(
  env: Env,
  log: Logger = jsonLogger(),
  parts: {
    wrapLogs?: (logs: LogsPort) => LogsPort;
    trail?: TrailPort;
  } = {},
) {
  if (!env.SLACK_SIGNING_SECRET?.trim()) throw new ConfigError('SLACK_SIGNING_SECRET', 'is required for serve');
  if (!env.SLACK_BOT_TOKEN?.trim()) throw new ConfigError('SLACK_BOT_TOKEN', 'is required for serve');
  const config = loadSlackAppConfig(env);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT', `is not a port: "${env.PORT}"`);
  const host = listenHost(env, env.SLACK_SIGNING_SECRET.trim());
  if (!isLoopback(host))
    log.warn(
      'serving on an address other hosts can reach; anyone who can reach it and sign requests acts as a Slack user',
      {
        host,
      },
    );
  const real = createSlackAppAws(config.tableName, createMemberAccess(memberSettingsFrom(env)));
  const wrapLogs = parts.wrapLogs;
  // Tests wrap the real ports to hold or fail calls; nothing else does. moto has no CloudTrail
  // LookupEvents: tests and the sandbox give a stand-in trail.
  const aws = {
    ...real,
    ...(wrapLogs ? { logs: wrapLogs(real.logs), logsIn: async (at: Place) => wrapLogs(await real.logsIn(at)) } : {}),
    ...(parts.trail ? { trail: parts.trail } : {}),
  };
  const worker = createWorker(aws, config, log);
  const token = env.SLACK_BOT_TOKEN.trim();
  const slack = createSlackClient({
    token,
    apiUrl: config.slackApiUrl,
    timeoutMs: config.slackTimeoutMs,
    ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
    log,
  });
  const pending = new Set<Promise<void>>();

  // In-process worker: the request is acknowledged first, the job runs after.
  const dispatch = async (job: Job) => {
    const deadline = Date.now() + JOB_MS;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => worker(job, { slack, deadline }))
      .catch((err: unknown) => log.error('job failed', { job: job.kind, error: err }))
      .finally(() => pending.delete(run));
    pending.add(run);
  };

  const app = await startLocalApp({
    token,
    signingSecret: env.SLACK_SIGNING_SECRET.trim(),
    slackApiUrl: config.slackApiUrl,
    port,
    host,
    appToken: env.SLACK_APP_TOKEN?.trim() || undefined,
    dispatch,
    now: () => new Date(),
    log,
  });
  return {
    port: app.port,
    /** The address it listens on (server.address()), for the start-up line. */
    address: app.address,
    mode: app.mode,
    /** Resolves when every job started so far has answered. */
    idle: () => Promise.all([...pending]).then(() => undefined),
    stop: app.stop,
  };
}
