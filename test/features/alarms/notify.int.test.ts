import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { createNotifierApp, type NotifierApp } from '../../../src/app/notifier';
import type { MetricGraphSource } from '../../../src/features/alarms/metric-widget';
import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import { SlackDeliveryError } from '../../../src/kernel/errors';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer, type StoredMessage } from '../../../src/sandbox/slack-api';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { createStateTable, failCompleteOnce, resetMoto } from '../../support/aws';
import { loadFixture, snsAlarmEvent } from '../../support/fixtures';

const TABLE = 'lamplighter-state';
const TOKEN = 'xoxb-test-token';
const DEFAULT_CHANNEL = 'C0ALERTS01';

let slack: SlackApiServer;
let logLines: string[];
let clock: Date;
let graphCalls: Array<{ region: string; widget: Record<string, unknown> }>;
let graphFails: boolean;

const fakeGraphs: MetricGraphSource = {
  async render(region, widgetJson) {
    if (graphFails) throw new Error('GetMetricWidgetImage: throttled');
    graphCalls.push({ region, widget: JSON.parse(widgetJson) as Record<string, unknown> });
    return Buffer.from('\x89PNG fake graph');
  },
};

function app(env: Record<string, string> = {}): NotifierApp {
  return createNotifierApp(
    {
      AWS_REGION: 'us-east-1',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
      TABLE_NAME: TABLE,
      GRAPHS_ENABLED: 'true',
      LOG_LINES: '5',
      FLAP_WINDOW_MINUTES: '30',
      LAMPLIGHTER_ROUTES: JSON.stringify([{ name: 'payments', channel: 'C0PAYMENTS', alarmNamePrefix: 'payments-' }]),
      ...env,
    },
    {
      aws: createNotifierAws(TABLE),
      slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
      graphs: fakeGraphs,
      log: jsonLogger((line) => logLines.push(line)),
      now: () => clock,
    },
  );
}

const soon = () => Date.now() + 25_000;

/** An alarm event for `name` in `state` at `at`, with its own SNS MessageId. */
function alarmEvent(
  name: string,
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  at: Date,
  messageId: string,
  edit: (a: Record<string, unknown>) => void = () => {},
) {
  return snsAlarmEvent(
    'sns-cloudwatch-alarm-metric-real-capture.json',
    (a) => {
      a.AlarmName = name;
      a.AlarmArn = `arn:aws:cloudwatch:us-east-1:427809481713:alarm:${name}`;
      a.NewStateValue = state;
      a.OldStateValue = state === 'ALARM' ? 'OK' : 'ALARM';
      a.StateChangeTime = at.toISOString().replace('Z', '+0000');
      edit(a);
    },
    messageId,
  );
}

const topLevel = (channel = DEFAULT_CHANNEL): StoredMessage[] =>
  slack.messages.filter((m) => m.channel === channel && !m.threadTs);
const headerOf = (m: StoredMessage | undefined) =>
  (m?.attachments as Array<{ blocks: Array<{ text?: { text: string } }>; color: string }> | undefined)?.[0];
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

beforeAll(async () => {
  await resetMoto();
  await createStateTable(TABLE);
  slack = await startSlackApiServer({ token: TOKEN });
});

afterAll(async () => {
  await slack.close();
});

beforeEach(() => {
  slack.reset();
  logLines = [];
  graphCalls = [];
  graphFails = false;
  clock = new Date('2026-11-27T10:00:00Z');
});

describe('alarm notifier against moto and the Slack test server', () => {
  it('posts one message for an ALARM, records the incident, and uploads the graph into its thread', async () => {
    const t0 = clock;
    const outcomes = await app().handle(alarmEvent('orders-errors', 'ALARM', t0, 'msg-open-1'), soon());
    expect(outcomes).toEqual([
      { messageId: 'msg-open-1', action: 'open', channel: DEFAULT_CHANNEL, ts: expect.any(String) },
    ]);
    const [message] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(message)?.color).toBe('#D13212');
    expect(headerOf(message)?.blocks[0]?.text?.text).toBe(':red_circle: ALARM: orders-errors');
    expect(graphCalls).toEqual([
      { region: 'us-east-1', widget: expect.objectContaining({ region: 'us-east-1', view: 'timeSeries' }) },
    ]);
    expect(JSON.stringify(graphCalls[0]?.widget.metrics)).toContain('IExecutionFailureHook');
    // The external upload flow: URL, upload, complete, into the incident's thread.
    expect(slack.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(slack.files).toEqual([
      expect.objectContaining({
        filename: 'metric.png',
        channel: DEFAULT_CHANNEL,
        threadTs: message?.ts,
        content: Buffer.from('\x89PNG fake graph'),
      }),
    ]);
  });

  it('updates the same message in place on OK (green) with a thread reply, and opens a new one on a later ALARM', async () => {
    const t0 = clock;
    await app().handle(alarmEvent('checkout-latency', 'ALARM', t0, 'cl-1'), soon());
    clock = minutes(t0, 12);
    const ok = await app().handle(alarmEvent('checkout-latency', 'OK', clock, 'cl-2'), soon());
    expect(ok[0]?.action).toBe('update');

    const [incident] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(incident?.updates).toBe(1);
    expect(headerOf(incident)?.color).toBe('#2EB67D');
    expect(headerOf(incident)?.blocks[0]?.text?.text).toBe(':large_green_circle: RESOLVED: checkout-latency');
    const replies = slack.thread(DEFAULT_CHANNEL, incident!.ts);
    expect(replies.map((r) => r.text)).toEqual(['OK: checkout-latency']);
    expect(JSON.stringify(replies[0]?.blocks)).toContain('after 12 min in ALARM');

    clock = minutes(t0, 120);
    const again = await app().handle(alarmEvent('checkout-latency', 'ALARM', clock, 'cl-3'), soon());
    expect(again[0]?.action).toBe('open');
    expect(topLevel()).toHaveLength(2);
    expect(headerOf(topLevel()[1])?.color).toBe('#D13212');
  });

  it('turns the message grey on INSUFFICIENT_DATA', async () => {
    await app().handle(alarmEvent('queue-depth', 'ALARM', clock, 'qd-1'), soon());
    clock = minutes(clock, 5);
    await app().handle(alarmEvent('queue-depth', 'INSUFFICIENT_DATA', clock, 'qd-2'), soon());
    expect(headerOf(topLevel()[0])?.color).toBe('#9CA3AF');
  });

  it('posts nothing for an OK when no incident is open (a new alarm settling)', async () => {
    const outcome = await app().handle(alarmEvent('fresh-alarm', 'OK', clock, 'quiet-1'), soon());
    expect(outcome[0]?.action).toBe('quiet');
    expect(slack.calls).toHaveLength(0);
    expect(logLines.join('\n')).toContain('OK with no open incident');
  });

  it('opens a new, notifying message for an ALARM after a long grey spell', async () => {
    const t0 = clock;
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('metric-gap', 'INSUFFICIENT_DATA', t0, 'gap-1'), soon());
    clock = minutes(t0, 3 * 24 * 60);
    const outcome = await app({ GRAPHS_ENABLED: 'false' }).handle(
      alarmEvent('metric-gap', 'ALARM', clock, 'gap-2'),
      soon(),
    );
    expect(outcome[0]?.action).toBe('open');
    expect(topLevel().map((m) => headerOf(m)?.color)).toEqual(['#9CA3AF', '#D13212']);
  });

  it('does not apply a change twice when the retry comes after the incident was saved', async () => {
    // The journal's final write fails once: the incident is saved, the delivery is not marked done.
    const aws = createNotifierAws(TABLE);
    failCompleteOnce(aws.stores.journal, 'saved-1');
    const notifier = createNotifierApp(
      {
        AWS_REGION: 'us-east-1',
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
        TABLE_NAME: TABLE,
      },
      {
        aws,
        slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
        log: jsonLogger((line) => logLines.push(line)),
        now: () => clock,
      },
    );
    const open = alarmEvent('saved-twice', 'ALARM', clock, 'saved-1');
    await expect(notifier.handle(open, soon())).rejects.toThrow('connection reset');
    await notifier.handle(open, soon());
    const [incident] = topLevel();
    expect(topLevel()).toHaveLength(1);
    // Neither re-posted, nor updated, nor replied to as if it were a second ALARM.
    expect(incident?.updates).toBe(0);
    expect(slack.thread(DEFAULT_CHANNEL, incident!.ts)).toHaveLength(0);
  });

  it('collapses a flapping alarm into its thread instead of flooding the channel', async () => {
    const t0 = clock;
    const states = ['ALARM', 'OK', 'ALARM', 'OK', 'ALARM'] as const;
    for (const [i, state] of states.entries()) {
      clock = minutes(t0, i * 3);
      await app().handle(alarmEvent('db-connections', state, clock, `flap-${i}`), soon());
    }
    expect(topLevel()).toHaveLength(1);
    const [incident] = topLevel();
    expect(
      slack.thread(DEFAULT_CHANNEL, incident!.ts).filter((m) => m.text.startsWith('ALARM') || m.text.startsWith('OK')),
    ).toHaveLength(4);
    expect(JSON.stringify(incident?.attachments)).toContain('flapping (2 re-opens)');
  });

  it('posts nothing twice when SNS delivers the same MessageId again', async () => {
    const event = alarmEvent('disk-full', 'ALARM', clock, 'dup-1');
    await app().handle(event, soon());
    const second = await app().handle(event, soon());
    expect(second).toEqual([{ messageId: 'dup-1', action: 'duplicate' }]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After and then posts once', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('api-5xx', 'ALARM', clock, 'rl-1'), soon());
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(topLevel()).toHaveLength(1);
  });

  it('fails the invocation on a 429 past its time budget, and the retry posts exactly once', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const event = alarmEvent('api-latency', 'ALARM', clock, 'rl-2');
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await expect(notifier.handle(event, Date.now() + 5_000)).rejects.toMatchObject({ code: 'slack_rate_limited' });
    expect(topLevel()).toHaveLength(0);
    // Lambda retries the same event:
    await notifier.handle(event, soon());
    await notifier.handle(event, soon());
    expect(topLevel()).toHaveLength(1);
  });

  it('resumes a half-done transition on retry without repeating what reached Slack', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await notifier.handle(alarmEvent('cache-evictions', 'ALARM', clock, 'hd-1'), soon());
    clock = minutes(clock, 4);
    const ok = alarmEvent('cache-evictions', 'OK', clock, 'hd-2');
    // chat.update succeeds, then the thread reply is rate-limited past the budget.
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await expect(notifier.handle(ok, Date.now() + 5_000)).rejects.toMatchObject({ code: 'slack_rate_limited' });
    await notifier.handle(ok, soon());
    const [incident] = topLevel();
    expect(incident?.updates).toBe(1);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
    expect(slack.thread(DEFAULT_CHANNEL, incident!.ts)).toHaveLength(1);
  });

  it('retries a 5xx from Slack and then posts', async () => {
    slack.failNext('chat.postMessage', { status: 503 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('lb-5xx', 'ALARM', clock, '5xx-1'), soon());
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
    expect(topLevel()).toHaveLength(1);
  });

  it('retries a Slack call that timed out', async () => {
    slack.failNext('chat.postMessage', { delayMs: 2500 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('slow-slack', 'ALARM', clock, 'timeout-1'), soon());
    // The client gave up on the slow call and retried. (The slow call may still land: Slack's
    // chat.postMessage has no idempotency key, so a timeout can show a message twice, never none.)
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(logLines.filter((l) => l.includes('"message":"delivered"'))).toEqual([
      expect.stringContaining('"action":"open"'),
    ]);
  });

  it('fails plainly on a bad token (for the dead-letter queue) and never logs the token', async () => {
    const notifier = app({ SLACK_BOT_TOKEN: 'xoxb-revoked-token', GRAPHS_ENABLED: 'false' });
    const failure = notifier.handle(alarmEvent('bad-token', 'ALARM', clock, 'auth-1'), soon());
    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    await expect(failure).rejects.toMatchObject({
      code: 'slack_invalid_auth',
      retryable: false,
      message: 'chat.postMessage: Slack answered "invalid_auth"',
    });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const logged = logLines.join('\n');
    expect(logged).toContain('Slack refused the message; it will go to the dead-letter queue');
    expect(logged).not.toContain('xoxb-');
  });

  it('routes by alarm name to the configured channel', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('payments-declines', 'ALARM', clock, 'route-1'), soon());
    expect(topLevel('C0PAYMENTS')).toHaveLength(1);
    expect(topLevel()).toHaveLength(0);
  });

  it('keeps mentions and links in a description from pinging anyone, and an oversize one inside the limits', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      alarmEvent('injected', 'ALARM', clock, 'inj-1', (a) => {
        a.AlarmDescription =
          '<!channel> <@U024BE7LH> <!subteam^SAZ94GDB8> <https://evil.example|AWS console> ' + 'long '.repeat(2000);
      }),
      soon(),
    );
    // The test server answers invalid_blocks past any limit; a post means the message fit.
    expect(slack.callsTo('chat.postMessage').map((c) => (c.response as { ok: boolean }).ok)).toEqual([true]);
    const posted = JSON.stringify(topLevel()[0]?.attachments);
    expect(posted).not.toMatch(/<!channel>|<@U024BE7LH>|<!subteam|<https:\/\/evil/);
    expect(posted).toContain('&lt;!channel&gt;');
    expect(posted).toContain('full text in the AWS console');
  });

  it('posts what is not an alarm as a readable generic message: plain text, broken JSON, other JSON', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const broken = loadFixture<{ Records: Array<{ Sns: { Message: string; MessageId: string } }> }>(
      'sns-cloudwatch-alarm-metric.json',
    );
    broken.Records[0]!.Sns.Message = broken.Records[0]!.Sns.Message.slice(0, 200);
    broken.Records[0]!.Sns.MessageId = 'broken-1';
    await notifier.handle(loadFixture('sns-plain-text-message.json'), soon());
    await notifier.handle(broken, soon());
    await notifier.handle(loadFixture('sns-guardduty-finding.json'), soon());
    expect(slack.messages.map((m) => m.text)).toEqual(['All Fine', 'TestInvoke', 'GuardDuty Finding']);
    expect(JSON.stringify(slack.messages[1]?.attachments)).toContain('does not parse');
  });

  it('attaches the whole of a huge non-alarm message as a file in the thread', async () => {
    const body = JSON.stringify({ records: Array.from({ length: 400 }, (_, i) => ({ i, detail: 'x'.repeat(50) })) });
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      { Records: [{ Sns: { MessageId: 'huge-1', Message: body, Subject: 'Bulk report' } }] },
      soon(),
    );
    const [posted] = slack.messages;
    expect(slack.files).toEqual([expect.objectContaining({ filename: 'message.json', threadTs: posted?.ts })]);
    expect(JSON.parse(slack.files[0]!.content.toString('utf8'))).toEqual(JSON.parse(body));
  });

  it('still posts the alarm when the graph cannot be drawn, and says why in the logs', async () => {
    graphFails = true;
    await app().handle(alarmEvent('graphless', 'ALARM', clock, 'graph-1'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(slack.files).toHaveLength(0);
    expect(logLines.join('\n')).toContain('could not attach the metric graph');
  });

  it('opens a new message when the incident message was deleted in Slack', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await notifier.handle(alarmEvent('deleted-msg', 'ALARM', clock, 'del-1'), soon());
    slack.failNext('chat.update', { error: 'message_not_found' });
    clock = minutes(clock, 3);
    const outcome = await notifier.handle(alarmEvent('deleted-msg', 'OK', clock, 'del-2'), soon());
    expect(outcome[0]?.action).toBe('open');
    expect(topLevel()).toHaveLength(2);
  });
});

describe('log-metric alarms', () => {
  const logs = new CloudWatchLogsClient({});
  const group = '/app/api-prod';

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-1' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'http-404',
        // A quoted term: moto treats unquoted numeric terms as match-all.
        filterPattern: '"404"',
        metricTransformations: [
          { metricName: 'Http404Count', metricNamespace: 'Lamplighter/Example', metricValue: '1', defaultValue: 0 },
        ],
      }),
    );
  });

  it('attaches the last lines the metric filter matched in the alarm window', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const line = (minutesBefore: number, message: string) => ({
      timestamp: at.getTime() - minutesBefore * 60_000,
      message,
    });
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'web-1',
        logEvents: [
          line(30, '10.0.0.1 - - "GET /old" 404 12'), // before the window
          line(8, '10.0.0.2 - - "GET /a" 404 12'),
          line(7, '10.0.0.3 - - "GET /b" 200 512'),
          line(6, '10.0.0.4 - - "GET /<!channel>" 404 12'),
          line(5, '10.0.0.5 - - "GET /c" 404 12'),
        ],
      }),
    );
    clock = at;
    const event = snsAlarmEvent('sns-cloudwatch-alarm-log-metric.json', (a) => {
      a.StateChangeTime = at.toISOString().replace('Z', '+0000');
    });
    await app({ GRAPHS_ENABLED: 'false' }).handle(event, soon());
    const posted = JSON.stringify(topLevel()[0]?.attachments);
    expect(posted).toContain(
      JSON.stringify('*Last 3 matching log lines* in `/app/api-prod` matching `"404"`').slice(1, -1),
    );
    expect(posted).toContain('GET /a');
    expect(posted).toContain('GET /&lt;!channel&gt;');
    expect(posted).toContain('GET /c');
    expect(posted).not.toContain('GET /b');
    expect(posted).not.toContain('GET /old');
  });
});
