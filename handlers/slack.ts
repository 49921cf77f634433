import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createWorkerDispatch } from '../src/adapters/aws/worker-dispatch';
import { createSecretReader } from '../src/adapters/aws/secrets';
import { loadSlackAppConfig } from '../src/config/slack-app';
import { logLevelEnv, requiredEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { createLambdaGateway } from '../src/adapters/slack/lambda-gateway';
import { jobKey, signJob } from '../src/kernel/access/job-signature';

// Checked at cold start: a bad configuration fails here, naming the entry.
const config = loadSlackAppConfig(process.env);
const dispatch = createWorkerDispatch(requiredEnv(process.env, 'WORKER_FUNCTION_NAME'));
const secrets = createSecretReader();
const log = jsonLogger(undefined, logLevelEnv(process.env));

async function build() {
  const s = config.signingSecret;
  const t = config.slackToken;
  // Both from the same secret, read in parallel: cold start is inside Slack's 3 seconds.
  const [signingSecret, token] = await Promise.all([
    s.kind === 'plain' ? s.secret : secrets.signingSecret(s.secretId),
    t.kind === 'plain' ? t.token : secrets.botToken(t.secretId),
  ]);
  // The worker runs only jobs signed with a key derived from the signing secret: the user a job
  // acts for is the one Slack's signed request named, not whatever an invoker writes.
  const key = jobKey(signingSecret);
  return createLambdaGateway({
    signingSecret,
    token,
    slackApiUrl: config.slackApiUrl,
    dispatch: (job) => dispatch(signJob(job, key)),
    now: () => new Date(),
    log,
  });
}

// Secrets are read once, from init on; a failed read is retried by the next request.
let gateway: ReturnType<typeof build> | undefined;
const ready = () => (gateway ??= build().catch((err: unknown) => ((gateway = undefined), Promise.reject(err))));
ready().catch(() => undefined);

/** API Gateway HTTP API → signature check → Bolt → acknowledge within 3 s; slow work goes to the worker. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => (await ready())(event, context);
