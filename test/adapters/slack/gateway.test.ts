import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Job } from '../../../src/app/worker/job';
import { jsonLogger, silentLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';
import { createLambdaGateway } from '../../../src/adapters/slack/lambda-gateway';
import { verifySlackSignature } from '../../../src/adapters/slack/verify-signature';
import { buttonBody, slackSignature, slashCommandBody } from '../../support/slack-sign';

const SECRET = 'unit-signing-secret';

describe('verifySlackSignature', () => {
  const body = 'token=x&text=hello';
  const ts = 1_800_000_000;
  const nowMs = ts * 1000;
  const signed = slackSignature(SECRET, body, ts);

  it('accepts a request signed with the secret', () => {
    expect(
      verifySlackSignature({
        signingSecret: SECRET,
        rawBody: body,
        signature: signed['x-slack-signature'],
        timestamp: String(ts),
        nowMs,
      }),
    ).toBe(true);
  });

  it.each([
    ['a different secret', { signature: slackSignature('other', body, ts)['x-slack-signature'] }],
    ['a changed body', { rawBody: body + '&x=1' }],
    ['a timestamp over five minutes old (replay)', { nowMs: nowMs + 301_000 }],
    ['a timestamp over five minutes ahead', { nowMs: nowMs - 301_000 }],
    ['no signature', { signature: undefined }],
    ['no timestamp', { timestamp: undefined }],
    ['a malformed signature', { signature: 'v0=zz' }],
  ])('refuses %s', (_name, change) => {
    expect(
      verifySlackSignature({
        signingSecret: SECRET,
        rawBody: body,
        signature: signed['x-slack-signature'],
        timestamp: String(ts),
        nowMs,
        ...change,
      }),
    ).toBe(false);
  });
});

describe('the Lambda gateway (API Gateway HTTP API → Bolt)', () => {
  let slack: SlackApiServer;
  let jobs: Job[];
  let handle: Awaited<ReturnType<typeof createLambdaGateway>>;

  beforeAll(async () => {
    slack = await startSlackApiServer({ token: 'xoxb-unit' });
    handle = await createLambdaGateway({
      signingSecret: SECRET,
      token: 'xoxb-unit',
      slackApiUrl: slack.apiUrl,
      dispatch: async (job) => {
        jobs.push(job);
      },
      now: () => new Date('2026-11-27T14:00:00Z'),
      log: silentLogger,
    });
  });
  afterAll(() => slack.close());
  beforeEach(() => {
    jobs = [];
  });

  function event(body: string, headers: Record<string, string>, base64 = false): APIGatewayProxyEventV2 {
    return {
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
      body: base64 ? Buffer.from(body).toString('base64') : body,
      isBase64Encoded: base64,
    };
  }

  const call = async (e: APIGatewayProxyEventV2) =>
    (await handle(e, {} as Context)) as APIGatewayProxyStructuredResultV2;
  const body = slashCommandBody({
    command: '/logs',
    text: 'api-prod "payment declined" --since 2h',
    responseUrl: 'https://hooks.slack.test/commands/1',
  });

  it('acknowledges a signed /logs with an ephemeral note and hands the search to the worker', async () => {
    const res = await call(event(body, slackSignature(SECRET, body), true));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(res.body))).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Searching'),
    });
    expect(jobs).toEqual([
      {
        kind: 'logs',
        text: 'api-prod "payment declined" --since 2h',
        user: 'U0ALICE001',
        channel: 'C0DEVS0001',
        responseUrl: 'https://hooks.slack.test/commands/1',
        requestedAt: '2026-11-27T14:00:00.000Z',
      },
    ]);
  });

  it('answers a forged request with 401 before parsing it, and dispatches nothing', async () => {
    // Unparseable JSON: Bolt alone would throw parsing it (a 500); only a check before parsing gives 401.
    const junk = event('{not json', slackSignature('forged', '{not json'));
    expect((await call({ ...junk, headers: { ...junk.headers, 'content-type': 'application/json' } })).statusCode).toBe(
      401,
    );
    expect(
      (await call(event(body, slackSignature(SECRET, body, Math.floor(Date.now() / 1000) - 600)))).statusCode,
    ).toBe(401);
    expect(jobs).toEqual([]);
  });

  it('answers a Slack retry at once and does no work', async () => {
    const res = await call(event(body, { ...slackSignature(SECRET, body), 'X-Slack-Retry-Num': '1' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'x-slack-no-retry': '1' });
    expect(jobs).toEqual([]);
  });

  it("says in its acknowledgement when the hand-off to the worker fails, instead of Slack's generic error", async () => {
    const logged: string[] = [];
    const failing = await createLambdaGateway({
      signingSecret: SECRET,
      token: 'xoxb-unit',
      slackApiUrl: slack.apiUrl,
      dispatch: async () => {
        throw new Error('Lambda Invoke timed out');
      },
      now: () => new Date('2026-11-27T14:00:00Z'),
      log: jsonLogger((line) => logged.push(line)),
    });
    const responseUrl = slack.responseUrl();
    const b = slashCommandBody({ command: '/logs', text: 'api-prod ERROR', responseUrl });
    const res = (await failing(
      event(b, slackSignature(SECRET, b)),
      {} as Context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(res.body))).toEqual({
      response_type: 'ephemeral',
      text: ':warning: Lamplighter could not hand `/logs` to its worker just now. If no answer follows within a minute, please try again.',
    });
    // The acknowledgement carries it: nothing else is posted, and the internal error stays in the log.
    expect(slack.responses.filter((r) => responseUrl.endsWith(r.id))).toEqual([]);
    expect(logged.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'could not hand the job to the worker',
        job: 'logs',
        error: expect.objectContaining({ message: 'Lambda Invoke timed out' }),
      }),
    ]);
  });

  it('tells a clicker whose hand-off failed in a message of its own, leaving the alarm message in place', async () => {
    const failing = await createLambdaGateway({
      signingSecret: SECRET,
      token: 'xoxb-unit',
      slackApiUrl: slack.apiUrl,
      dispatch: async () => {
        throw new Error('Lambda Invoke: TooManyRequestsException');
      },
      now: () => new Date('2026-11-27T14:00:00Z'),
      log: silentLogger,
    });
    const responseUrl = slack.responseUrl();
    const id = responseUrl.split('/').pop() ?? '';
    const alarm = { text: 'ALARM: orders-errors' };
    // The click's response_url belongs to the message the button sat in (here an alarm in #alerts).
    slack.acknowledged(id, alarm);
    const b = buttonBody({
      actionId: 'alarm_acknowledge',
      value: 'k',
      responseUrl,
      message: { ts: '1795820171.000001' },
    });
    const res = (await failing(
      event(b, slackSignature(SECRET, b)),
      {} as Context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(200);
    expect(slack.ephemerals(id)).toEqual([
      alarm,
      {
        response_type: 'ephemeral',
        replace_original: false,
        text: ':warning: Lamplighter could not hand that to its worker just now. If no answer follows within a minute, please try again.',
      },
    ]);
  });

  it('answers bad options with the usage and dispatches nothing', async () => {
    const bad = slashCommandBody({
      command: '/logs',
      text: 'api-prod --limit lots',
      responseUrl: 'https://hooks.slack.test/commands/2',
    });
    const res = await call(event(bad, slackSignature(SECRET, bad)));
    expect(res.statusCode).toBe(200);
    expect(String(res.body)).toContain('--limit');
    expect(jobs).toEqual([]);
  });
});
