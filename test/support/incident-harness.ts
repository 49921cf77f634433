/**
 * Shared by the integration suites of acting from Slack (incidents, snapshots, trail, spend
 * buttons, permissions): signed requests to `serve`, alarms in moto, notifications through the notifier.
 */
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { createNotifierApp, type NotifierApp } from '../../src/app/notifier';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { serve } from '../../src/cli/serve';
import type { TrailPort } from '../../src/features/trail/port';
import { jsonLogger } from '../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer, type StoredMessage } from '../../src/sandbox/slack-api';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { clearFlows, createStateTable, resetMoto } from './aws';
export { actionsEnabled } from './aws';
import { snsAlarmEvent } from './fixtures';
import { buttonBody, slackSignature, slashCommandBody } from './slack-sign';

export const SECRET = 'incident-signing-secret';
export const TOKEN = 'xoxb-incident-token';
export const TABLE = 'incident-state';
export const ALERTS = 'C0ALERTS01';
/** A channel whose members are responders for its own incidents (alarms named ops-…). */
export const OPS_ROOM = 'C0OPSROOM1';
export const ACCOUNT = '123456789012';
export const OPS = 'U0OPS00001';
export const ALICE = 'U0ALICE001';
export const BOB = 'U0BOB00001';
export const VIEWER = 'U0VIEWER01';

let slack: SlackApiServer;
let server: Awaited<ReturnType<typeof serve>>;
let notifier: NotifierApp;
let logLines: string[];
let trailCalls: Array<{ attribute: string; value: string; accountId?: string; region?: string }>;
export const cloudwatch = new CloudWatchClient({});

export const arnOf = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;

const fakeTrail: TrailPort = {
  async lookup({ attribute, value, accountId, region }) {
    trailCalls.push({ attribute, value, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) });
    if (attribute === 'ResourceName' && value === 'analytics-poc') {
      return [
        {
          id: 'e-1',
          name: 'CreateCluster',
          source: 'redshift.amazonaws.com',
          time: new Date('2026-11-27T09:00:00Z'),
          principal: 'alice',
          sourceIp: '203.0.113.7',
          resources: ['analytics-poc'],
          readOnly: false,
        },
        {
          id: 'e-2',
          name: 'DescribeClusters',
          source: 'redshift.amazonaws.com',
          time: new Date('2026-11-27T10:00:00Z'),
          principal: 'bob',
          resources: ['analytics-poc'],
          readOnly: true,
        },
        {
          id: 'e-3',
          name: 'ModifyCluster',
          source: 'redshift.amazonaws.com',
          time: new Date('2026-11-27T11:00:00Z'),
          principal: 'carol <!channel>',
          resources: ['analytics-poc'],
          readOnly: false,
        },
      ];
    }
    return [];
  },
};

export async function alarm(name: string) {
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      MetricName: 'Errors',
      Namespace: 'App',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:lamplighter-alarms`],
    }),
  );
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'test' }));
}

let sequence = 0;
export async function notify(
  name: string,
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  at: Date,
  edit: (alarm: Record<string, unknown>) => void = () => {},
) {
  await notifier.handle(
    snsAlarmEvent(
      'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
      (a) => {
        Object.assign(a, {
          AlarmName: name,
          AlarmArn: arnOf(name),
          AWSAccountId: ACCOUNT,
          NewStateValue: state,
          StateChangeTime: at.toISOString().replace('Z', '+0000'),
        });
        edit(a);
      },
      `incident-msg-${++sequence}`,
    ),
    Date.now() + 25_000,
  );
}

export async function post(body: string, headers = slackSignature(SECRET, body)) {
  const res = await fetch(`http://127.0.0.1:${server.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export async function command(name: string, text: string, user = ALICE, channel = ALERTS) {
  const responseUrl = slack.responseUrl();
  const res = await post(slashCommandBody({ command: name, text, responseUrl, user, channel }));
  await server.idle();
  return { ...res, answer: answerTo(responseUrl) };
}

export async function click(
  actionId: string,
  message: StoredMessage,
  user: string,
  extra: { value?: string; selected?: string } = {},
) {
  const responseUrl = slack.responseUrl();
  const body = buttonBody({
    actionId,
    ...extra,
    responseUrl,
    user,
    channel: message.channel,
    message: { ts: message.ts, attachments: message.attachments },
  });
  const res = await post(body);
  return { ...res, responseUrl };
}

/** What the caller reads: the answer's mrkdwn, as sent. */
export const answerTo = (responseUrl: string) =>
  JSON.stringify(slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks ?? '');
export const topLevel = () => slack.messages.filter((m) => !m.threadTs && m.channel === ALERTS);
export const threadOf = (m: StoredMessage) => slack.thread(m.channel, m.ts).map((r) => r.text);
export const shown = (m: StoredMessage | undefined) => JSON.stringify(slack.message(m!.channel, m!.ts)?.attachments);

/** The incident suites' world: moto, the Slack test server, the notifier and `serve`, for each test file. */
export const h = {
  get slack() {
    return slack;
  },
  get server() {
    return server;
  },
  get logLines() {
    return logLines;
  },
  get trailCalls() {
    return trailCalls;
  },
};

/** Starts the world before the file's tests and stops it after; every test starts with an empty Slack. */
export function useIncidentHarness(): void {
  beforeAll(async () => {
    await resetMoto();
    await createStateTable(TABLE);
    slack = await startSlackApiServer({ token: TOKEN });
    notifier = createNotifierApp(
      {
        AWS_REGION: 'us-east-1',
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_DEFAULT_CHANNEL: ALERTS,
        TABLE_NAME: TABLE,
        FLAP_WINDOW_MINUTES: '30',
        // One reply per change, as soon as it happens: storm control has its own suite.
        THREAD_DIGEST_SECONDS: '0',
        STORM_GATHER_SECONDS: '0',
        LAMPLIGHTER_ROUTES: JSON.stringify([{ channel: OPS_ROOM, alarmNamePrefix: 'ops-' }]),
      },
      {
        aws: createNotifierAws(TABLE),
        slackFor: (token, c) => createSlackClient({ token, apiUrl: c.slackApiUrl, timeoutMs: 2000 }),
        trail: fakeTrail,
        log: jsonLogger(() => undefined),
      },
    );
    server = await serve(
      {
        PORT: '0',
        AWS_REGION: 'us-east-1',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        TABLE_NAME: TABLE,
        LAMPLIGHTER_ROLES: JSON.stringify([
          { role: 'operator', users: [OPS] },
          { role: 'responder', users: [ALICE, BOB] },
          { role: 'responder', channels: [OPS_ROOM] },
        ]),
      },
      jsonLogger((line) => logLines.push(line)),
      { trail: fakeTrail },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await slack?.close();
  });

  beforeEach(async () => {
    await clearFlows(TABLE);
    slack.reset();
    logLines = [];
    trailCalls = [];
  });
}
