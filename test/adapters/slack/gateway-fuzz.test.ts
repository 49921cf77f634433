import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Job } from '../../../src/app/worker/job';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';
import { createLambdaGateway } from '../../../src/adapters/slack/lambda-gateway';
import { buttonBody, slackSignature, slashCommandBody } from '../../support/slack-sign';

/**
 * Generated hostile and malformed requests to the Lambda gateway (seeded, so a failure can be
 * replayed by its number): for each, no crash and no 5xx; without a valid signature, 401 and no
 * work; with one, an answer within Slack's limits in which untrusted text cannot ping anyone.
 */
const SECRET = 'fuzz-signing-secret';
const CASES = 400;

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const HOSTILE = [
  '<!channel>',
  '<!here> now',
  '<@U0BOSS0001>',
  '<!subteam^S0ONCALL|@oncall>',
  '```',
  '`x`',
  '*bold* _it_ ~s~',
  '&amp;&lt;&gt;',
  '\u0000\u0007',
  '😀'.repeat(600),
  'x'.repeat(5000),
  '--since',
  '--since never',
  '--limit -1',
  '"unterminated',
  '__proto__',
  'constructor',
  '%00%ff',
  '\n\n\t  ',
  '',
  // Issue 20: lone surrogates (a button's JSON payload can carry them), a run of spaces that does
  // not end the text, & < > | in a URL.
  '\uD800',
  'a\uDC00b',
  'a' + ' '.repeat(3000) + 'b',
  'https://x.example/?a=1&b=<c>|d',
];
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any string in a JSON answer holds a lone surrogate (JSON.stringify writes them as \udXXX). */
function hasLoneSurrogate(answer: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return LONE.test(answer);
  }
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (strings.push(k), walk(x)));
  };
  walk(parsed);
  return strings.some((t) => LONE.test(t));
}
const COMMANDS = ['/logs', '/alarms', '/ack', '/mute', '/unmute', '/snapshot', '/trail', '/nope', '', '/LOGS'];
const ACTIONS = [
  'alarm_acknowledge',
  'alarm_mute',
  'alarm_show_logs',
  'alarm_what_changed',
  'spend_expected',
  'snapshot_confirm',
  'x',
];

describe('the Lambda gateway, under generated hostile requests', () => {
  let slack: SlackApiServer;
  let jobs: Job[];
  type LogLine = { level: string; message: string; source?: string };
  const logLines: LogLine[] = [];
  let handle: Awaited<ReturnType<typeof createLambdaGateway>>;

  beforeAll(async () => {
    slack = await startSlackApiServer({ token: 'xoxb-fuzz' });
    handle = await createLambdaGateway({
      signingSecret: SECRET,
      token: 'xoxb-fuzz',
      slackApiUrl: slack.apiUrl,
      dispatch: async (job) => {
        jobs.push(job);
      },
      now: () => new Date(),
      log: jsonLogger((line) => logLines.push(JSON.parse(line) as LogLine), 'WARN'),
    });
  });
  afterAll(() => slack.close());

  it(`answers ${CASES} generated requests: never a crash or a 5xx, refused without a signature, escaped with one`, async () => {
    const random = seeded(20261201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const text = () =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(HOSTILE))
        .join(' ')
        .slice(0, 6000);
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      // A command or a click, mutated; then a content type, an encoding and a signature to match.
      let body: string;
      if (random() < 0.5) {
        body = slashCommandBody({ command: pick(COMMANDS), text: text(), responseUrl: slack.responseUrl() });
        const form = new URLSearchParams(body);
        if (random() < 0.2) form.delete(pick(['text', 'user_id', 'channel_id', 'response_url', 'command']));
        if (random() < 0.1) form.append('text', text());
        if (random() < 0.1) form.set('user_id', text());
        body = form.toString();
      } else {
        body = buttonBody({
          actionId: pick(ACTIONS),
          value: text(),
          responseUrl: slack.responseUrl(),
          ...(random() < 0.5 ? { selected: pick(['1h', '4h', '24h', text()]) } : {}),
        });
        const form = new URLSearchParams(body);
        const payload = JSON.parse(form.get('payload') ?? '{}') as Record<string, unknown>;
        const mutate = pick(['none', 'null', 'drop', 'type', 'actions', 'user', 'deep', 'deeper', 'raw']);
        if (mutate === 'null') payload[pick(Object.keys(payload))] = null;
        if (mutate === 'drop') delete payload[pick(Object.keys(payload))];
        if (mutate === 'type') payload.type = pick(['view_submission', 'shortcut', 'block_suggestion', 7, null]);
        if (mutate === 'actions') payload.actions = pick([[], [null], 'x', [{}], [{ action_id: text() }]]);
        if (mutate === 'user') payload.user = pick([null, {}, { id: 7 }, { id: text() }]);
        if (mutate === 'deep') payload.actions = JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown;
        // Nested 12,000 deep, written as text: JSON.stringify itself would overflow the stack.
        const deeper = () =>
          JSON.stringify({ ...payload, actions: 0 }).replace(
            '"actions":0',
            `"actions":${'['.repeat(12_000)}${']'.repeat(12_000)}`,
          );
        form.set(
          'payload',
          mutate === 'raw'
            ? pick(['null', '{', '[]', '"x"', text()])
            : mutate === 'deeper'
              ? deeper()
              : JSON.stringify(payload),
        );
        body = form.toString();
      }
      const contentType = pick([
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded; charset=utf-8',
        'application/json',
        'text/plain',
      ]);
      const now = Math.floor(Date.now() / 1000);
      const signing = pick(['valid', 'valid', 'valid', 'forged', 'none', 'stale', 'future', 'junk']);
      const ts = signing === 'stale' ? now - 400 : signing === 'future' ? now + 400 : now;
      const headers: Record<string, string> =
        signing === 'none'
          ? {}
          : signing === 'junk'
            ? { 'x-slack-signature': `v0=${'0'.repeat(64)}=junk`, 'x-slack-request-timestamp': `${now}e0` }
            : slackSignature(signing === 'forged' ? 'not-the-secret' : SECRET, body, ts);
      const base64 = random() < 0.3;
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: 'POST /slack/events',
        rawPath: '/slack/events',
        rawQueryString: '',
        headers: { [pick(['content-type', 'Content-Type'])]: contentType, ...headers },
        requestContext: {} as APIGatewayProxyEventV2['requestContext'],
        body: base64 ? Buffer.from(body).toString('base64') : body,
        isBase64Encoded: base64,
      };
      jobs = [];
      const calls = slack.calls.length;
      let res: APIGatewayProxyStructuredResultV2;
      try {
        res = (await handle(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
      } catch (err) {
        failures.push(`#${n}: threw ${(err as Error).message}`);
        continue;
      }
      const status = res.statusCode ?? 200;
      const answer = String(res.body ?? '');
      if (status >= 500) failures.push(`#${n}: ${status}`);
      if (signing !== 'valid') {
        if (status !== 401) failures.push(`#${n}: ${signing} signature got ${status}`);
        if (jobs.length || slack.calls.length > calls) failures.push(`#${n}: work done for a ${signing} signature`);
        continue;
      }
      if (![200, 400].includes(status))
        failures.push(
          `#${n}: signed request got ${status}: ${decodeURIComponent(body.replace(/\+/g, ' ')).slice(0, 900)} → ${answer.slice(0, 200)}`,
        );
      if (/<!(channel|here|everyone|subteam)|<@U0BOSS/.test(answer)) failures.push(`#${n}: unescaped mention`);
      if (answer.length > 40_000) failures.push(`#${n}: an answer of ${answer.length} characters`);
      if (hasLoneSurrogate(answer)) failures.push(`#${n}: a lone surrogate in the answer`);
    }
    // Replies through response_url are checked the same way.
    for (const r of slack.responses)
      if (/<!(channel|here|everyone|subteam)|<@U0BOSS/.test(JSON.stringify(r.body)))
        failures.push(`response_url ${r.id}: unescaped mention`);
    // ...and Slack refused none of them (a lone surrogate or a limit: invalid_blocks).
    for (const r of slack.responses) if (r.status === 400) failures.push(`response_url ${r.id}: refused by Slack`);
    expect(failures).toEqual([]);
    // Bolt's own complaints come through our logger (not the console): only about bodies it
    // could not read, each answered 400 above; never an error in a listener.
    const errors = [...new Set(logLines.filter((l) => l.level === 'ERROR').map((l) => l.message))];
    expect(errors.length).toBeGreaterThan(0);
    for (const message of errors) expect(message).toMatch(/^Failed to parse body as JSON data for content-type: /);
  });
});
