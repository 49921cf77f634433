/** Shared by the notifier's integration suites: moto, the Slack test server, and a notifier app over both. */
import { createNotifierApp, type NotifierApp } from '../../src/app/notifier';
import type { MetricGraphSource } from '../../src/features/alarms/metric-widget';
import type { TrailEvent, TrailPort } from '../../src/features/trail/port';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { jsonLogger } from '../../src/kernel/log';
import {
  SLACK_RATE_LIMITS,
  startSlackApiServer,
  type SlackApiServer,
  type StoredMessage,
} from '../../src/sandbox/slack-api';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { clearFlows, createStateTable, resetMoto } from './aws';
import { snsAlarmEvent } from './fixtures';

export const TABLE = 'lamplighter-state';
export const TOKEN = 'xoxb-test-token';
export const DEFAULT_CHANNEL = 'C0ALERTS01';
/** The workspace's channels: `#alerts` is DEFAULT_CHANNEL, `#payments` is C0PAYMENTS; other ids exist on first use. */
export const CHANNELS = [
  { name: 'alerts', id: DEFAULT_CHANNEL },
  { name: 'payments', id: 'C0PAYMENTS' },
];

/** The notifier suites' world, reset before every test; tests set `clock` and `graphFails`. */
export const w = {
  slack: undefined as unknown as SlackApiServer,
  logLines: [] as string[],
  clock: new Date(0),
  /** The app, the Slack test server's limits and waits run on real time (concurrent invocations), not `clock`. */
  realTime: false,
  graphCalls: [] as Array<{ region: string; widget: Record<string, unknown> }>,
  graphFails: false,
  /** CloudTrail's event history as the stand-in serves it (moto has no LookupEvents). */
  trailEvents: [] as TrailEvent[],
  trailCalls: [] as Array<{ value: string; start: Date; end: Date; region?: string }>,
  /** How long the stand-in takes to answer. */
  trailDelayMs: 0,
};

/** LookupEvents at the adapter boundary, as CloudTrail answers it: by resource name, within the window. */
const fakeTrail: TrailPort = {
  async lookup({ attribute, value, start, end, max, region }) {
    w.trailCalls.push({ value, start, end, ...(region ? { region } : {}) });
    if (w.trailDelayMs) await new Promise((r) => setTimeout(r, w.trailDelayMs).unref());
    return w.trailEvents
      .filter((e) => attribute === 'ResourceName' && e.resources.includes(value) && e.time >= start && e.time <= end)
      .slice(0, max);
  },
};

const fakeGraphs: MetricGraphSource = {
  async render(region, widgetJson) {
    if (w.graphFails) throw new Error('GetMetricWidgetImage: throttled');
    w.graphCalls.push({ region, widget: JSON.parse(widgetJson) as Record<string, unknown> });
    return Buffer.from('\x89PNG fake graph');
  },
};

export function app(env: Record<string, string> = {}): NotifierApp {
  return createNotifierApp(
    {
      AWS_REGION: 'us-east-1',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: w.slack.apiUrl,
      // By name, as the sandbox and many deployments configure it: Slack answers with DEFAULT_CHANNEL.
      SLACK_DEFAULT_CHANNEL: '#alerts',
      TABLE_NAME: TABLE,
      GRAPHS_ENABLED: 'true',
      LOG_LINES: '5',
      FLAP_WINDOW_MINUTES: '30',
      // One reply per change, as soon as it happens: storm control has its own suite (storm.int.test.ts).
      THREAD_DIGEST_SECONDS: '0',
      // A new alarm is posted at once, not after waiting for a storm to gather (storm suites set it).
      STORM_GATHER_SECONDS: '0',
      LAMPLIGHTER_ROUTES: JSON.stringify([{ name: 'payments', channel: '#payments', alarmNamePrefix: 'payments-' }]),
      ...env,
    },
    {
      aws: createNotifierAws(TABLE),
      slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
      graphs: fakeGraphs,
      trail: fakeTrail,
      log: jsonLogger((line) => w.logLines.push(line)),
      now: () => (w.realTime ? new Date() : w.clock),
      // On the suite's clock time stands still: an invocation does not wait for its budget (the
      // suite's scheduled passes do what waits). On real time it waits as in Lambda.
      sleep: async (ms) => {
        if (w.realTime) await new Promise((r) => setTimeout(r, ms));
      },
    },
  );
}

export const soon = () => Date.now() + 25_000;

/** An alarm event for `name` in `state` at `at`, with its own SNS MessageId. */
export function alarmEvent(
  name: string,
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  at: Date,
  messageId: string,
  edit: (a: Record<string, unknown>) => void = () => {},
) {
  return snsAlarmEvent(
    'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
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

export const topLevel = (channel = DEFAULT_CHANNEL): StoredMessage[] =>
  w.slack.messages.filter((m) => m.channel === channel && !m.threadTs);
export const headerOf = (m: StoredMessage | undefined) =>
  (m?.attachments as Array<{ blocks: Array<{ text?: { text: string } }>; color: string }> | undefined)?.[0];
export const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

/**
 * Starts the Slack test server and the state table for a file's tests; every test starts afresh.
 * `slackLimits`: the server enforces Slack's published rate limits (chat.update for the whole
 * workspace, chat.postMessage per channel) on the suite's clock.
 */
export function useNotifierHarness(
  options: { slackLimits?: boolean; slowChannels?: Record<string, number> } = {},
): void {
  beforeAll(async () => {
    await resetMoto();
    await createStateTable(TABLE);
    w.slack = await startSlackApiServer({
      token: TOKEN,
      channels: CHANNELS,
      otherChannels: true,
      ...(options.slowChannels ? { slowChannels: options.slowChannels } : {}),
      ...(options.slackLimits
        ? { rateLimits: SLACK_RATE_LIMITS, clock: () => (w.realTime ? Date.now() : w.clock.getTime()) }
        : {}),
    });
  });

  afterAll(async () => {
    await w.slack.close();
  });

  beforeEach(async () => {
    w.clock = new Date('2026-11-27T10:00:00Z');
    w.realTime = false;
    await clearFlows(TABLE);
    w.slack.reset();
    w.logLines = [];
    w.graphCalls = [];
    w.graphFails = false;
    w.trailEvents = [];
    w.trailCalls = [];
    w.trailDelayMs = 0;
    w.clock = new Date('2026-11-27T10:00:00Z');
  });
}
