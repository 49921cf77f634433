import { seedLogGroup } from '../../../src/adapters/aws/seed';
import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import { serve } from '../../../src/cli/serve';
import { LogsError, type LogsPort } from '../../../src/features/logs/port';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../../support/aws';
import { buttonBody, slackSignature, slashCommandBody } from '../../support/slack-sign';

const SECRET = 'test-signing-secret-0123456789';
const TOKEN = 'xoxb-serve-token';
const TABLE = 'serve-state';

let slack: SlackApiServer;
let server: Awaited<ReturnType<typeof serve>>;
let base = '';
let logLines: string[];
/** Lets a test hold CloudWatch Logs calls (to prove the ack does not wait) or make them fail. */
let gate: Promise<void> | undefined;
let failWith: LogsError | undefined;
let filterCalls: Array<{ group: string; pattern: string }>;

const now = Date.now();
/** A run of spaces that does not end the line: /\s+$/ took 31 s on one for a /logs answer. */
const hostile = 'HOSTILE a' + ' '.repeat(159_990) + 'b';

/** Lines as [how long ago, message], written through the demo's own seeding. */
function seed(group: string, stream: string, lines: Array<[agoMs: number, message: string]>) {
  return seedLogGroup(
    group,
    stream,
    lines.map(([ago, message]) => ({ timestamp: now - ago, message })),
  );
}

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function command(text: string, extra: { channel?: string; user?: string } = {}) {
  const responseUrl = slack.responseUrl();
  const body = slashCommandBody({ command: '/logs', text, responseUrl, ...extra });
  const res = await post(body, slackSignature(SECRET, body));
  return { ...res, responseUrl };
}

beforeAll(async () => {
  await resetMoto();
  await createStateTable(TABLE);
  await seed('/aws/lambda/api-prod', '2026/11/27/[$LATEST]a1', [
    [50 * 60_000, 'INFO request ok'],
    [40 * 60_000, 'ERROR payment declined for order 42 <!channel>'],
    [30 * 60_000, 'INFO request ok'],
    [20 * 60_000, 'ERROR payment declined for order 43 ```'],
    [3 * 3600_000, 'ERROR payment declined, too old for the default hour'],
  ]);
  await seed('/aws/lambda/api-staging', 'h', [
    [60_000, 'ERROR staging'],
    [50_000, hostile],
  ]);
  await seed(
    '/aws/lambda/billing-worker',
    'b',
    Array.from(
      { length: 120 },
      (_, i) => [(120 - i) * 10_000, `WARN retrying invoice ${i} ` + 'x'.repeat(80)] as [number, string],
    ),
  );
  slack = await startSlackApiServer({ token: TOKEN });
  server = await serve(
    {
      PORT: '0',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: TABLE,
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
      LOGS_ALIASES: JSON.stringify({ billing: '/aws/lambda/billing-worker' }),
    },
    jsonLogger((line) => logLines.push(line)),
    {
      wrapLogs: (real: LogsPort): LogsPort => ({
        ...real,
        async filter(params) {
          filterCalls.push({ group: params.group, pattern: params.pattern });
          if (gate) await gate;
          if (failWith) throw failWith;
          return real.filter(params);
        },
      }),
    },
  );
});

beforeAll(() => {
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.stop();
  await slack?.close();
});

beforeEach(() => {
  slack.reset();
  logLines = [];
  gate = undefined;
  failWith = undefined;
  filterCalls = [];
});

describe('lamplighter serve: signed /logs over HTTP, against moto and the Slack test server', () => {
  it('acknowledges at once, then posts exactly the matching lines, escaped, through response_url', async () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const { status, text, responseUrl } = await command('api-prod "payment declined"');
    // The HTTP answer came back while the CloudWatch Logs call was still held.
    expect(status).toBe(200);
    const ack = JSON.parse(text) as Record<string, unknown>;
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Searching') });
    const id = responseUrl.split('/').pop()!;
    slack.acknowledged(id, ack);
    expect(slack.responses).toHaveLength(0);
    open();
    await server.idle();
    // The answer replaced "⏳ Searching…": the caller sees one message, not the ack above it.
    expect(slack.ephemerals(id).map((m) => m.text)).toEqual(['2 events in /aws/lambda/api-prod']);
    expect(filterCalls).toEqual([{ group: '/aws/lambda/api-prod', pattern: '"payment declined"' }]);
    expect(slack.responses).toHaveLength(1);
    const [reply] = slack.responses;
    expect(responseUrl.endsWith(reply!.id)).toBe(true);
    const shown = JSON.stringify(reply!.body.blocks);
    expect(shown).toContain('*2 events* in `/aws/lambda/api-prod` matching `\\"payment declined\\"`');
    expect(shown).toContain('ERROR payment declined for order 42 &lt;!channel&gt;');
    expect(shown).toContain('ERROR payment declined for order 43 `\u200b`\u200b`');
    expect(shown).not.toContain('request ok');
    expect(shown).not.toContain('too old');
    expect(shown).not.toContain('<!channel>');
    expect(reply!.body.response_type).toBe('ephemeral');
  });

  it('refuses a forged signature and a replayed (stale) request with 401, and does no work', async () => {
    const responseUrl = slack.responseUrl();
    const body = slashCommandBody({ command: '/logs', text: 'api-prod ERROR', responseUrl });
    expect((await post(body, slackSignature('not-the-secret', body))).status).toBe(401);
    expect((await post(body, slackSignature(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60))).status).toBe(401);
    expect((await post(body + '&text=tampered', slackSignature(SECRET, body))).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    await server.idle();
    expect(filterCalls).toEqual([]);
    expect(slack.responses).toEqual([]);
  });

  it('checks signatures strictly: no future timestamps, digits only, the exact signature, the raw bytes', async () => {
    const responseUrl = slack.responseUrl();
    const body = slashCommandBody({ command: '/logs', text: 'api-prod ERROR', responseUrl });
    const now = Math.floor(Date.now() / 1000);
    const at = (timestamp: string) => {
      const signed = slackSignature(SECRET, body, Number(timestamp));
      return { ...signed, 'x-slack-request-timestamp': timestamp };
    };
    expect((await post(body, slackSignature(SECRET, body, now + 3600))).status).toBe(401);
    expect((await post(body, slackSignature(SECRET, body, (now + 10 * 365 * 86_400) * 1000))).status).toBe(401);
    expect((await post(body, at(`0x${now.toString(16)}`))).status).toBe(401);
    expect((await post(body, at(`+${now}`))).status).toBe(401);
    const good = slackSignature(SECRET, body, now);
    expect((await post(body, { ...good, 'x-slack-signature': `${good['x-slack-signature']}=junk` })).status).toBe(401);
    await server.idle();
    expect(filterCalls).toEqual([]);
    expect(slack.responses).toEqual([]);
  });

  it('answers every signed request, however malformed, and keeps serving', async () => {
    const signedPost = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': type, ...slackSignature(SECRET, body) },
        body,
      }).then((r) => r.status);
    for (const [body, type] of [
      ['null', 'application/json'],
      ['payload=null', undefined],
      [`payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [], user: null }))}`, undefined],
      [`payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission' }))}`, undefined],
      [`payload=${encodeURIComponent(JSON.stringify({ type: 'shortcut' }))}`, undefined],
      ['command=%2Flogs&user_id=U0ALICE001&channel_id=C0DEVS0001', undefined],
      ['command=%2Flogs&text=a&text=b&user_id=U0ALICE001&channel_id=C0DEVS0001', undefined],
    ] as Array<[string, string | undefined]>) {
      const status = await signedPost(body, type);
      expect([200, 400, 404]).toContain(status);
    }
    // Still serving: a real command is answered.
    const { status } = await command('api-prod ERROR');
    expect(status).toBe(200);
    await server.idle();
  });

  it('ignores a Slack retry (X-Slack-Retry-Num): the work is never run twice', async () => {
    const responseUrl = slack.responseUrl();
    const body = slashCommandBody({ command: '/logs', text: 'api-prod ERROR', responseUrl });
    const retry = await post(body, {
      ...slackSignature(SECRET, body),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retry.status).toBe(200);
    await server.idle();
    expect(filterCalls).toEqual([]);
  });

  it('answers bad options with the usage, in the acknowledgement itself', async () => {
    const { status, text } = await command('api-prod --since yesterday');
    expect(status).toBe(200);
    const ack = JSON.parse(text) as { response_type: string; blocks: unknown[] };
    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.blocks)).toContain('`--since yesterday` is not a time');
    expect(JSON.stringify(ack.blocks)).toContain('/logs GROUP [PATTERN]');
    await server.idle();
    expect(slack.responses).toHaveLength(0);
  });

  it('lists the candidates for an ambiguous group, and the closest names for an unknown one', async () => {
    const first = await command('api ERROR');
    const second = await command('api-prd ERROR');
    await server.idle();
    // Jobs run concurrently: find each answer by its own response_url.
    const answer = (url: string) => {
      const r = slack.responses.find((x) => url.endsWith(x.id));
      return String(r?.body.text) + JSON.stringify(r?.body.blocks);
    };
    const [ambiguous, unknown] = [answer(first.responseUrl), answer(second.responseUrl)];
    expect(ambiguous).toContain('matches several log groups');
    expect(ambiguous).toContain('/aws/lambda/api-prod');
    expect(ambiguous).toContain('/aws/lambda/api-staging');
    expect(unknown).toContain('Log group not found: `api-prd`');
    expect(unknown).toContain('/aws/lambda/api-prod');
  });

  it('uploads the whole result as a .log file when it does not fit, to the caller only', async () => {
    await command('billing WARN --limit 200 --since 2h');
    await server.idle();
    const [reply] = slack.responses;
    expect(JSON.stringify(reply!.body.blocks)).toContain('*120 events* in `/aws/lambda/billing-worker`');
    expect(JSON.stringify(reply!.body.blocks)).toContain(
      'The whole result is in your direct messages with Lamplighter.',
    );
    expect(slack.files).toHaveLength(1);
    const [file] = slack.files;
    expect(file!.filename).toMatch(/^aws_lambda_billing-worker-\d{8}T\d{4}\.log$/);
    expect(file!.channel).toMatch(/^D/);
    const lines = file!.content.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(120);
    expect(lines[119]).toContain('WARN retrying invoice 119');
  });

  it('answers at once for a 160,000-character line (issue 20, item 1): cut in the reply, whole in the file', async () => {
    await command('api-staging HOSTILE');
    await server.idle();
    const [reply] = slack.responses;
    expect(reply!.status).toBe(200);
    expect(JSON.stringify(reply!.body.blocks)).toMatch(/ h {2}HOSTILE a…\\n```/);
    expect(slack.files).toHaveLength(1);
    const line = slack.files[0]!.content.toString('utf8').trim().split('\n')[0]!;
    expect(line.endsWith(` h  ${hostile}`)).toBe(true);
  });

  it('answers in the channel with --share (through the response_url, so DMs and private channels work too)', async () => {
    const { text, responseUrl } = await command('api-prod "payment declined" --share', { channel: 'C0DEVS0001' });
    const id = responseUrl.split('/').pop()!;
    slack.acknowledged(id, JSON.parse(text) as Record<string, unknown>);
    await server.idle();
    expect(slack.responses.map((r) => [r.body.response_type, r.body.text])).toEqual([
      ['in_channel', '2 events in /aws/lambda/api-prod'],
      ['ephemeral', ''],
    ]);
    // The public answer is posted; the private "⏳ Searching…" is gone.
    expect(slack.responses[1]?.body.delete_original).toBe(true);
    expect(slack.ephemerals(id)).toEqual([]);
  });

  it("never sends an answer to a response_url that is not Slack's", async () => {
    const body = slashCommandBody({
      command: '/logs',
      text: 'api-prod ERROR',
      responseUrl: 'https://attacker.example/collect',
    });
    await post(body, slackSignature(SECRET, body));
    await server.idle();
    expect(logLines.join('\n')).toContain("response_url is not Slack's; the answer was not sent");
  });

  it('says plainly which group the bot may not read when AWS answers AccessDenied', async () => {
    failWith = new LogsError('access_denied', "Lamplighter's role may not read log group /aws/lambda/api-prod.");
    await command('api-prod ERROR');
    await server.idle();
    expect(String(slack.responses[0]?.body.text)).toContain(
      "Lamplighter's role may not read log group /aws/lambda/api-prod.",
    );
  });

  it('lists the log groups the caller may search', async () => {
    await command('groups');
    await server.idle();
    const shown = JSON.stringify(slack.responses[0]?.body.blocks);
    expect(shown).toContain('*3 log groups*');
    expect(shown).toContain('/aws/lambda/billing-worker');
  });

  it('runs the same search for an alarm from its Show logs button', async () => {
    await createNotifierAws(TABLE).stores.incidents.put({
      key: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-prod-payments',
      accountId: '123456789012',
      region: 'us-east-1',
      alarmName: 'api-prod-payments',
      channel: 'C0ALERTS01',
      ts: '1795820171.000001',
      state: 'ALARM',
      openedAt: new Date(now - 25 * 60_000),
      transitions: 1,
      flaps: 0,
      wasAlarming: true,
      logs: {
        logGroup: '/aws/lambda/api-prod',
        filterPattern: '"payment declined"',
        window: { start: new Date(now - 45 * 60_000), end: new Date(now - 15 * 60_000) },
        lines: [],
        complete: true,
      },
      version: 1,
    });
    const responseUrl = slack.responseUrl();
    const body = buttonBody({
      actionId: 'alarm_show_logs',
      value: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-prod-payments',
      responseUrl,
    });
    expect((await post(body, slackSignature(SECRET, body))).status).toBe(200);
    await server.idle();
    expect(filterCalls).toEqual([{ group: '/aws/lambda/api-prod', pattern: '"payment declined"' }]);
    expect(JSON.stringify(slack.responses[0]?.body.blocks)).toContain('*2 events*');
  });

  it('logs a reply to an expired response_url instead of losing it silently', async () => {
    const responseUrl = slack.responseUrl('R-expired');
    slack.expireResponseUrl('R-expired');
    const body = slashCommandBody({ command: '/logs', text: 'api-prod ERROR', responseUrl });
    await post(body, slackSignature(SECRET, body));
    await server.idle();
    expect(slack.responses.map((r) => r.status)).toEqual([404]);
    expect(logLines.join('\n')).toContain('response_url: expired (30 minutes or 5 uses)');
  });
});

describe('/logs and Show logs go through the guard and the audit trail, like every command', () => {
  const ONCALL = 'C0ONCALL01';
  let policed: Awaited<ReturnType<typeof serve>>;
  const audits = () =>
    logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'audit');
  const send = async (body: string) => {
    const res = await fetch(`http://127.0.0.1:${policed.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    await policed.idle();
    return JSON.stringify(slack.responses.at(-1)?.body ?? {});
  };
  const logs = (text: string, channel: string) =>
    send(slashCommandBody({ command: '/logs', text, responseUrl: slack.responseUrl(), channel, user: 'U0BOB00001' }));

  beforeAll(async () => {
    policed = await serve(
      {
        PORT: '0',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        AWS_REGION: 'us-east-1',
        TABLE_NAME: TABLE,
        LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
        // api-prod only from the on-call channel; staging from anywhere.
        LOGS_ACCESS_POLICY: JSON.stringify([
          { groups: ['/aws/lambda/api-prod'], channels: [ONCALL] },
          { groups: ['/aws/lambda/api-staging'] },
        ]),
        LAMPLIGHTER_ROLES: JSON.stringify([{ role: 'operator', users: ['U0ALICE001'] }]),
      },
      jsonLogger((line) => logLines.push(line)),
    );
  });

  afterAll(async () => {
    await policed?.stop();
  });

  it('audits a search the policy refuses, and one it allows, with the group and where', async () => {
    const refused = await logs('/aws/lambda/api-prod ERROR', 'C0DEVS0001');
    expect(refused).not.toContain('payment declined');
    expect(audits()).toEqual([
      expect.objectContaining({
        user: 'U0BOB00001',
        channel: 'C0DEVS0001',
        action: 'logs',
        target: '/aws/lambda/api-prod',
        outcome: 'refused',
      }),
    ]);
    const allowed = await logs('/aws/lambda/api-prod ERROR', ONCALL);
    expect(allowed).toContain('payment declined for order 42');
    expect(audits().at(-1)).toMatchObject({
      user: 'U0BOB00001',
      channel: ONCALL,
      action: 'logs',
      target: '/aws/lambda/api-prod',
      outcome: 'searched',
      region: 'us-east-1',
    });
  });

  it('audits Show logs: refused outside the group’s channel, searched within it', async () => {
    const key = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-prod-payments';
    const click = (channel: string) =>
      send(buttonBody({ actionId: 'alarm_show_logs', value: key, responseUrl: slack.responseUrl(), channel }));
    expect(await click('C0DEVS0001')).toContain('You may not search /aws/lambda/api-prod here');
    expect(audits().at(-1)).toMatchObject({
      action: 'show-logs',
      channel: 'C0DEVS0001',
      target: 'api-prod-payments',
      outcome: 'refused',
    });
    expect(await click(ONCALL)).toContain('*2 events*');
    expect(audits().at(-1)).toMatchObject({
      action: 'show-logs',
      channel: ONCALL,
      target: 'api-prod-payments',
      outcome: 'searched',
      account: '123456789012',
      region: 'us-east-1',
    });
  });
});
