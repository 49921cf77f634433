import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT } from '../support/paths';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../support/aws';
import { slackSignature, slashCommandBody } from '../support/slack-sign';
import { jobKey, signJob, verifyJob } from '../../src/kernel/access/job-signature';
import { startLambdaStandIn } from '../../src/sandbox/lambda-invoke';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

/**
 * The deployable Slack gateway and worker bundles (dist/slack, dist/worker, built by `npm run
 * build`), loaded as Lambda would load them: configuration from the environment, the token and
 * signing secret from Secrets Manager.
 */
const TOKEN = 'xoxb-bundle-test-token';

let slack: SlackApiServer;
let logged: string[];

function lambdaContext(ms = 30_000): Context {
  return { getRemainingTimeInMillis: () => ms } as unknown as Context;
}

beforeAll(async () => {
  for (const fn of ['slack', 'worker'])
    if (!existsSync(join(ROOT, 'dist', fn, 'index.js')))
      throw new Error(`dist/${fn}/index.js is missing: run \`npm run build\` (npm test does)`);
  await resetMoto();
  await createStateTable('bundle-state');
  slack = await startSlackApiServer({ token: TOKEN });
});

afterAll(async () => {
  await slack.close();
});

beforeEach(() => {
  slack.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    logged.push(String(line));
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the slack and worker bundles, as Lambda runs them', () => {
  const SIGNING = 'bundle-signing-secret';
  const SLACK_BUNDLE = join(ROOT, 'dist', 'slack', 'index.js');
  const WORKER_BUNDLE = join(ROOT, 'dist', 'worker', 'index.js');
  let appSecretArn: string;

  beforeAll(async () => {
    appSecretArn = (
      await new SecretsManagerClient({}).send(
        new CreateSecretCommand({
          Name: 'lamplighter/app',
          SecretString: JSON.stringify({ botToken: TOKEN, signingSecret: SIGNING }),
        }),
      )
    ).ARN!;
    const logs = new CloudWatchLogsClient({});
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/orders' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/orders', logStreamName: 's1' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/aws/lambda/orders',
        logStreamName: 's1',
        logEvents: [
          { timestamp: Date.now() - 120_000, message: 'ERROR order 7 failed' },
          { timestamp: Date.now() - 60_000, message: 'INFO order 8 ok' },
        ],
      }),
    );
  });

  function load<T>(bundle: string, env: Record<string, string>): T {
    Object.assign(process.env, env);
    let mod: T | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the bundle as Lambda does
      mod = require(bundle) as T;
    });
    return mod!;
  }

  it('the slack bundle refuses a forged request (401) and answers bad options with the usage', async () => {
    const { handler } = load<{ handler: (e: unknown, c: Context) => Promise<{ statusCode: number; body?: string }> }>(
      SLACK_BUNDLE,
      {
        SLACK_BOT_TOKEN_SECRET_ARN: appSecretArn,
        SLACK_API_URL: slack.apiUrl,
        WORKER_FUNCTION_NAME: 'lamplighter-worker',
        LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
      },
    );
    const body = slashCommandBody({ command: '/logs', text: 'orders --since never', responseUrl: slack.responseUrl() });
    const event = (headers: Record<string, string>) => ({
      version: '2.0',
      rawPath: '/slack/events',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
      isBase64Encoded: false,
    });
    expect((await handler(event(slackSignature('forged', body)), lambdaContext())).statusCode).toBe(401);
    const ok = await handler(event(slackSignature(SIGNING, body)), lambdaContext());
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('`--since never` is not a time');
  });

  type Gateway = (e: unknown, c: Context) => Promise<{ statusCode: number; body?: string }>;
  const loadGateway = (lambdaEndpoint: string) =>
    load<{ handler: Gateway }>(SLACK_BUNDLE, {
      SLACK_BOT_TOKEN_SECRET_ARN: appSecretArn,
      SLACK_API_URL: slack.apiUrl,
      WORKER_FUNCTION_NAME: 'lamplighter-worker',
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
      AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
    }).handler;

  /**
   * A signed slash command through the bundle, and what its user then sees for it. Lambda's Bolt
   * receiver answers Slack only when the listener has finished, so the HTTP answer (the
   * acknowledgement) reaches Slack after anything the listener posted to the response_url.
   */
  async function commandThrough(gateway: Gateway, command: string, text: string) {
    const responseUrl = slack.responseUrl();
    const id = responseUrl.split('/').pop() ?? '';
    const body = slashCommandBody({ command, text, responseUrl });
    const res = await gateway(
      {
        version: '2.0',
        rawPath: '/slack/events',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SIGNING, body) },
        body,
        isBase64Encoded: false,
      },
      lambdaContext(),
    );
    if (res.statusCode === 200 && res.body) slack.acknowledged(id, JSON.parse(res.body) as Record<string, unknown>);
    return { res, shown: slack.ephemerals(id) };
  }

  const notStarted = (command: string) =>
    `:warning: Lamplighter could not hand \`${command}\` to its worker just now. If no answer follows within a minute, please try again.`;

  it('the slack bundle acks within its bound when the Lambda hand-off hangs, and its answer says the command did not start', async () => {
    // A Lambda endpoint that answers after 8 s, as a slow or partitioned AWS would.
    const slow = createServer((_req, res) => {
      setTimeout(() => res.writeHead(202).end(), 8000).unref();
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const gateway = loadGateway(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`);
      const started = Date.now();
      const { res, shown } = await commandThrough(gateway, '/logs', 'orders ERROR');
      // Slack gives up at 3 s; the hand-off's own bound is 1.5 s. (A bound, not a speed figure.)
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.statusCode).toBe(200);
      expect(shown.map((m) => m.text)).toEqual([notStarted('/logs')]);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('a hand-off Lambda refuses leaves its user one notice in place of the "⏳", no internal error, and an error log', async () => {
    // No function is deployed under the worker's name: the invoke fails with ResourceNotFoundException.
    const lambda = await startLambdaStandIn({});
    try {
      const gateway = loadGateway(lambda.endpoint);
      for (const [command, text] of [
        ['/logs', 'orders ERROR'],
        ['/ack', 'orders-errors'],
      ] as const) {
        const { res, shown } = await commandThrough(gateway, command, text);
        expect(res.statusCode).toBe(200);
        expect(shown).toEqual([{ response_type: 'ephemeral', text: notStarted(command) }]);
      }
      expect(JSON.stringify(slack.responses)).not.toMatch(/Function not found|ResourceNotFound|lamplighter-worker/);
      const errors = logged.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'ERROR');
      expect(errors).toEqual([
        expect.objectContaining({ message: 'could not hand the job to the worker', job: 'logs' }),
        expect.objectContaining({ message: 'could not hand the job to the worker', job: 'incident' }),
      ]);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      await lambda.close();
    }
  });

  const logsJob = (responseUrl: string) => ({
    kind: 'logs',
    text: 'orders ERROR',
    user: 'U0ALICE001',
    channel: 'C0DEVS0001',
    responseUrl,
    requestedAt: new Date().toISOString(),
  });
  const loadWorker = () =>
    load<{ handler: (e: unknown, c: Context) => Promise<unknown> }>(WORKER_BUNDLE, {
      SLACK_BOT_TOKEN_SECRET_ARN: appSecretArn,
      SLACK_API_URL: slack.apiUrl,
      TABLE_NAME: 'bundle-state',
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
    }).handler;

  it('the worker bundle searches moto and answers through the response_url, for a job the gateway signed', async () => {
    const handler = loadWorker();
    const responseUrl = slack.responseUrl();
    await handler(signJob(logsJob(responseUrl), jobKey(SIGNING)), lambdaContext());
    expect(slack.responses).toHaveLength(1);
    expect(JSON.stringify(slack.responses[0]?.body.blocks)).toContain('ERROR order 7 failed');
    expect(JSON.stringify(slack.responses[0]?.body.blocks)).not.toContain('order 8');
    await expect(handler({ not: 'a job' }, lambdaContext())).rejects.toThrow('no signature');
  });

  it('the worker bundle refuses a job invoked directly with no signature, a forged one, or another user put in', async () => {
    const handler = loadWorker();
    const responseUrl = slack.responseUrl();
    const genuine = signJob(logsJob(responseUrl), jobKey(SIGNING));
    const attempts = [
      logsJob(responseUrl),
      signJob(logsJob(responseUrl), jobKey('a guessed signing secret')),
      { ...genuine, user: 'U0OPERATOR' },
      { ...genuine, kind: 'show-logs', alarmKey: 'x' },
    ];
    for (const job of attempts)
      await expect(handler(job, lambdaContext())).rejects.toThrow(/no signature|does not match/);
    expect(slack.responses).toEqual([]);
  });

  it('the slack bundle signs the job it hands to the worker, and the worker bundle runs it', async () => {
    const invoked: unknown[] = [];
    const lambda = await startLambdaStandIn({
      'lamplighter-worker': async (event) => {
        invoked.push(event);
        return loadWorker()(event, lambdaContext());
      },
    });
    try {
      const gateway = load<{ handler: (e: unknown, c: Context) => Promise<{ statusCode: number }> }>(SLACK_BUNDLE, {
        SLACK_BOT_TOKEN_SECRET_ARN: appSecretArn,
        SLACK_API_URL: slack.apiUrl,
        WORKER_FUNCTION_NAME: 'lamplighter-worker',
        LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
        AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      }).handler;
      const responseUrl = slack.responseUrl();
      const body = slashCommandBody({ command: '/logs', text: 'orders ERROR', responseUrl });
      const res = await gateway(
        {
          version: '2.0',
          rawPath: '/slack/events',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SIGNING, body) },
          body,
          isBase64Encoded: false,
        },
        lambdaContext(),
      );
      expect(res.statusCode).toBe(200);
      for (let i = 0; i < 100 && !slack.responses.length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(invoked).toHaveLength(1);
      expect(verifyJob(invoked[0], jobKey(SIGNING))).toMatchObject({ ok: true, job: { kind: 'logs' } });
      expect(JSON.stringify(slack.responses.map((r) => r.body))).toContain('ERROR order 7 failed');
    } finally {
      delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      await lambda.close();
    }
  });
});
