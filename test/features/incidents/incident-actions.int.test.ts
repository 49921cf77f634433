import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSnapshotsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createNotifierApp, type NotifierApp } from '../../../src/app/notifier';
import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import { createDocumentClient } from '../../../src/adapters/aws/dynamo';
import { createSlackAppAws } from '../../../src/adapters/aws/slack-app-aws';
import { serve } from '../../../src/cli/serve';
import type { AlarmsPort } from '../../../src/features/incidents/ports';
import type { TrailPort } from '../../../src/features/trail/port';
import { sweep } from '../../../src/app/sweeper';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer, type StoredMessage } from '../../../src/sandbox/slack-api';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { createStateTable, resetMoto } from '../../support/aws';
import { loadFixture, snsAlarmEvent } from '../../support/fixtures';
import { planCloudTrail } from '../../../src/features/spend/plan';
import { DEFAULT_COST_RULES } from '../../../src/app/render';
import { parseCloudTrailEvent } from '../../../src/kernel/envelopes/cloudtrail';
import { createResourceChecker } from '../../../src/adapters/aws/resource-checker';
import { reminderOf } from '../../../src/features/spend/format';
import { buttonBody, slackSignature, slashCommandBody } from '../../support/slack-sign';

const SECRET = 'incident-signing-secret';
const TOKEN = 'xoxb-incident-token';
const TABLE = 'incident-state';
const ALERTS = 'C0ALERTS01';
const ACCOUNT = '123456789012';
const OPS = 'U0OPS00001';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const VIEWER = 'U0VIEWER01';

let slack: SlackApiServer;
let server: Awaited<ReturnType<typeof serve>>;
let notifier: NotifierApp;
let logLines: string[];
let trailCalls: Array<{ attribute: string; value: string }>;
/** moto has no Disable/EnableAlarmActions: the adapter boundary keeps that state here. */
const actionsDisabled = new Set<string>();

function withFakeActions(real: AlarmsPort): AlarmsPort {
  return {
    ...real,
    async find(name) {
      const found = await real.find(name);
      return found ? { ...found, actionsEnabled: !actionsDisabled.has(name) } : undefined;
    },
    async disableActions(name) {
      actionsDisabled.add(name);
    },
    async enableActions(name) {
      actionsDisabled.delete(name);
    },
  };
}

const cloudwatch = new CloudWatchClient({});
const arnOf = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;

const fakeTrail: TrailPort = {
  async lookup({ attribute, value }) {
    trailCalls.push({ attribute, value });
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

async function alarm(name: string) {
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
async function notify(name: string, state: 'ALARM' | 'OK', at: Date) {
  await notifier.handle(
    snsAlarmEvent(
      'sns-cloudwatch-alarm-metric-real-capture.json',
      (a) => {
        Object.assign(a, {
          AlarmName: name,
          AlarmArn: arnOf(name),
          AWSAccountId: ACCOUNT,
          NewStateValue: state,
          StateChangeTime: at.toISOString().replace('Z', '+0000'),
        });
      },
      `incident-msg-${++sequence}`,
    ),
    Date.now() + 25_000,
  );
}

async function post(body: string, headers = slackSignature(SECRET, body)) {
  const res = await fetch(`http://127.0.0.1:${server.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function command(name: string, text: string, user = ALICE, channel = ALERTS) {
  const responseUrl = slack.responseUrl();
  const res = await post(slashCommandBody({ command: name, text, responseUrl, user, channel }));
  await server.idle();
  return { ...res, answer: answerTo(responseUrl) };
}

async function click(
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
const answerTo = (responseUrl: string) =>
  JSON.stringify(slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks ?? '');
const topLevel = () => slack.messages.filter((m) => !m.threadTs && m.channel === ALERTS);
const threadOf = (m: StoredMessage) => slack.thread(m.channel, m.ts).map((r) => r.text);
const shown = (m: StoredMessage | undefined) => JSON.stringify(slack.message(m!.channel, m!.ts)?.attachments);

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
    },
    {
      aws: createNotifierAws(TABLE),
      slackFor: (token, c) => createSlackClient({ token, apiUrl: c.slackApiUrl, timeoutMs: 2000 }),
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
      ]),
    },
    jsonLogger((line) => logLines.push(line)),
    { trail: fakeTrail, wrapAlarms: withFakeActions },
  );
});

afterAll(async () => {
  await server?.stop();
  await slack?.close();
});

beforeEach(() => {
  slack.reset();
  logLines = [];
  trailCalls = [];
});

describe('acknowledging', () => {
  it('lets one of two simultaneous clicks win; the other is told who did', async () => {
    await alarm('checkout-5xx');
    await notify('checkout-5xx', 'ALARM', new Date());
    const [incident] = topLevel();
    const [a, b] = await Promise.all([
      click('alarm_acknowledge', incident!, ALICE, { value: arnOf('checkout-5xx') }),
      click('alarm_acknowledge', incident!, BOB, { value: arnOf('checkout-5xx') }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await server.idle();
    const answers = [answerTo(a.responseUrl), answerTo(b.responseUrl)].sort();
    expect(answers.filter((t) => t.includes('You acknowledged'))).toHaveLength(1);
    expect(answers.filter((t) => /was already acknowledged by <@U0(ALICE|BOB)/.test(t))).toHaveLength(1);
    expect(threadOf(incident!)).toEqual([
      expect.stringMatching(/^:white_check_mark: Acknowledged by @U0(ALICE001|BOB00001) at \d\d:\d\d UTC$/),
    ]);
    expect(shown(incident)).toMatch(/Acknowledged by <@U0(ALICE001|BOB00001)>/);
    expect(shown(incident)).not.toContain('alarm_acknowledge');
  });

  it('keeps repeats in the thread while acknowledged; OK closes the incident; a resolved alarm says so', async () => {
    await alarm('payments-latency');
    const t0 = new Date(Date.now() - 60 * 60_000);
    await notify('payments-latency', 'ALARM', t0);
    const ack = await command('/ack', 'payments-latency');
    expect(ack.answer).toContain('You acknowledged `payments-latency`');
    await notify('payments-latency', 'ALARM', new Date(t0.getTime() + 5 * 60_000));
    expect(topLevel()).toHaveLength(1);
    expect(shown(topLevel()[0])).toContain('Acknowledged by <@U0ALICE001>');
    // A grey spell longer than the flap window does not make a new message or lose the acknowledgement.
    const grey = new Date(t0.getTime() + 6 * 60_000);
    await notifier.handle(
      snsAlarmEvent(
        'sns-cloudwatch-alarm-metric-real-capture.json',
        (a) => {
          Object.assign(a, {
            AlarmName: 'payments-latency',
            AlarmArn: arnOf('payments-latency'),
            AWSAccountId: ACCOUNT,
            NewStateValue: 'INSUFFICIENT_DATA',
            StateChangeTime: grey.toISOString().replace('Z', '+0000'),
          });
        },
        `incident-msg-${++sequence}`,
      ),
      Date.now() + 25_000,
    );
    await notify('payments-latency', 'ALARM', new Date(Date.now() - 60_000)); // 54 min of grey: past the 30-minute flap window
    expect(topLevel()).toHaveLength(1);
    expect(shown(topLevel()[0])).toContain('Acknowledged by <@U0ALICE001>');
    await notify('payments-latency', 'OK', new Date());
    expect(shown(topLevel()[0])).toContain('RESOLVED');
    expect(shown(topLevel()[0])).not.toContain('Acknowledged by');
    expect((await command('/ack', 'payments-latency')).answer).toContain('has no open incident: it is resolved');
    expect((await command('/ack', 'no-such-alarm')).answer).toContain('No alarm named `no-such-alarm`');
  });

  it('marks a spend warning expected once', async () => {
    const posted = await createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 2000 }).postMessage(
      ALERTS,
      {
        text: 'Redshift cluster created: $9,519/month',
        attachments: [
          {
            color: '#D13212',
            blocks: [
              { type: 'section', text: { type: 'mrkdwn', text: 'spend' } },
              {
                type: 'actions',
                block_id: 'spend_actions',
                elements: [
                  {
                    type: 'button',
                    action_id: 'spend_expected',
                    text: { type: 'plain_text', text: 'Expected' },
                    value: 'evt-1',
                  },
                ],
              },
            ],
          },
        ],
      },
    );
    const message = slack.message(posted.channel, posted.ts)!;
    const first = await click('spend_expected', message, ALICE, { value: 'evt-1' });
    await server.idle();
    const second = await click('spend_expected', message, BOB, { value: 'evt-1' });
    await server.idle();
    expect(answerTo(first.responseUrl)).toContain('Marked as expected');
    expect(answerTo(second.responseUrl)).toContain('Already marked expected by <@U0ALICE001>');
    expect(shown(message)).toContain('Expected: acknowledged by <@U0ALICE001>');
    expect(shown(message)).not.toContain('spend_expected');
  });
});

describe('muting', () => {
  it('from the menu: no new top-level posts until the time passes; changes go to the thread', async () => {
    await alarm('search-errors');
    const t0 = new Date(Date.now() - 3 * 3600_000);
    await notify('search-errors', 'ALARM', t0);
    const [incident] = topLevel();
    const menu = await click('alarm_mute', incident!, ALICE, { selected: '1h' });
    await server.idle();
    expect(answerTo(menu.responseUrl)).toContain('`search-errors` is muted until');
    expect(shown(incident)).toContain('Muted until');
    await notify('search-errors', 'OK', new Date(t0.getTime() + 10 * 60_000));
    await notify('search-errors', 'ALARM', new Date());
    expect(topLevel()).toHaveLength(1);
    expect(threadOf(incident!).some((t) => t.startsWith('ALARM'))).toBe(true);
  });

  it('with --actions (operators only): disables CloudWatch actions; the sweeper re-enables them when it ends', async () => {
    await alarm('db-cpu');
    expect((await command('/mute', 'db-cpu 1h --actions', ALICE)).answer).toContain('You need the operator role');
    const res = await command('/mute', 'db-cpu 1h --actions', OPS);
    expect(res.answer).toContain('CloudWatch actions are disabled');
    const enabled = () => !actionsDisabled.has('db-cpu');
    expect(enabled()).toBe(false);

    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: withFakeActions(aws.alarms),
      slack: createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 2000 }),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect(await sweep({ ...deps, now: () => new Date(Date.now() + 30 * 60_000) })).toEqual({
      mutesEnded: 0,
      escalated: 0,
      snapshotsFinished: 0,
      remindersSent: 0,
      failures: 0,
    });
    expect(enabled()).toBe(false);
    // (Earlier tests' one-hour mutes end in the same pass.)
    expect(await sweep({ ...deps, now: () => new Date(Date.now() + 61 * 60_000) })).toMatchObject({ failures: 0 });
    expect(enabled()).toBe(true);
    expect(await aws.stores!.mutes.getMute(arnOf('db-cpu'))).toBeUndefined();
  });
});

describe('escalation', () => {
  it('re-posts an alarm nobody acknowledged to its thread, mentioning on-call, once', async () => {
    await alarm('queue-backlog');
    const started = new Date(Date.now() - 20 * 60_000);
    await notify('queue-backlog', 'ALARM', started);
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('queue-backlog'))!;
    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 15 * 60_000,
      oncallGroupId: 'S0ONCALL01',
      stores: aws.stores!,
      alarms: aws.alarms,
      slack: createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 2000 }),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
      now: () => new Date(),
    };
    const first = await sweep(deps);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const notes = slack.thread(incident.channel, incident.ts);
    expect(notes.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /^<!subteam\^S0ONCALL01> :rotating_light: queue-backlog has been in ALARM for 20 min and nobody has acknowledged it\.$/,
      ),
    ]);
    await sweep(deps);
    expect(slack.thread(incident.channel, incident.ts)).toHaveLength(1);
  });
});

describe('permissions and audit', () => {
  it('checks every request, buttons included: a viewer may list alarms but not acknowledge', async () => {
    await alarm('viewer-test');
    await notify('viewer-test', 'ALARM', new Date());
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('viewer-test'))!;
    const clickAck = await click('alarm_acknowledge', incident, VIEWER, { value: arnOf('viewer-test') });
    await server.idle();
    expect(answerTo(clickAck.responseUrl)).toContain('You need the responder role to acknowledge; you are a viewer');
    expect(threadOf(incident)).toEqual([]);
    expect((await command('/alarms', 'viewer', VIEWER)).answer).toContain('1 alarm in ALARM');
    expect((await command('/unmute', 'viewer-test', VIEWER)).answer).toContain('You need the responder role');
  });

  it('refuses a forged button click with 401 and does nothing', async () => {
    const body = buttonBody({
      actionId: 'alarm_acknowledge',
      value: arnOf('checkout-5xx'),
      responseUrl: slack.responseUrl(),
      user: OPS,
    });
    expect((await post(body, slackSignature('forged-secret', body))).status).toBe(401);
    await server.idle();
    expect(slack.responses).toEqual([]);
  });

  it('writes every action to the logs and to DynamoDB: who, what, target, when, outcome', async () => {
    await command('/alarms', '', VIEWER);
    const audits = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'audit');
    expect(audits).toEqual([
      expect.objectContaining({
        user: VIEWER,
        action: 'alarms',
        target: '*',
        outcome: expect.stringMatching(/listed$/),
      }),
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const stored = await createDocumentClient().send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${today}` },
      }),
    );
    const actions = (stored.Items ?? []).map((i) => `${String(i.user)} ${String(i.action)} ${String(i.outcome)}`);
    expect(actions).toEqual(
      expect.arrayContaining([`${VIEWER} alarms ${audits[0]?.outcome}`, `${VIEWER} ack refused`]),
    );
  });
});

describe('/alarms and /trail', () => {
  it('lists what is firing, with acknowledgement and mute status', async () => {
    for (const name of ['list-acked', 'list-muted', 'list-plain']) {
      await alarm(name);
      await notify(name, 'ALARM', new Date());
    }
    await command('/ack', 'list-acked', BOB);
    await command('/mute', 'list-muted 2h', ALICE);
    const res = await command('/alarms', 'list-', ALICE);
    expect(res.answer).toContain('*3 alarms in ALARM* matching `list-`');
    expect(res.answer).toMatch(/list-acked>[^•]*acknowledged by <@U0BOB00001>/);
    expect(res.answer).toMatch(/list-muted>[^•]*not acknowledged, muted until/);
    expect(res.answer).toMatch(/list-plain>[^•]*not acknowledged(?!, muted)/);
  });

  it('answers "who created analytics-poc?" with write events, newest first, escaped', async () => {
    await command('/trail', 'analytics-poc --since 2d', VIEWER);
    const blocks = JSON.stringify(slack.responses.at(-1)?.body.blocks);
    expect(trailCalls).toEqual([{ attribute: 'ResourceName', value: 'analytics-poc' }]);
    expect(blocks).toContain('*2 write calls* on `analytics-poc`');
    expect(blocks.indexOf('ModifyCluster')).toBeLessThan(blocks.indexOf('CreateCluster'));
    expect(blocks).not.toContain('DescribeClusters');
    expect(blocks).toContain('`carol &lt;!channel&gt;`');
    expect(blocks).toContain('from `203.0.113.7`');
  });
});

describe('/snapshot', () => {
  const ec2 = new EC2Client({});
  let instanceId = '';

  beforeAll(async () => {
    const res = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 50 } },
          { DeviceName: '/dev/sdg', Ebs: { VolumeSize: 200 } },
        ],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web-1' }] }],
      }),
    );
    instanceId = res.Instances?.[0]?.InstanceId ?? '';
  });

  const lamplighterSnapshots = async () =>
    (await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:CreatedBy', Values: ['Lamplighter'] }] })))
      .Snapshots ?? [];

  /** The confirm button of the preview an earlier answer showed. */
  function confirmValue(responseUrl: string): string {
    const blocks = slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks as Array<{
      type: string;
      elements?: Array<{ action_id: string; value?: string; confirm?: unknown }>;
    }>;
    const button = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'snapshot_confirm');
    expect(button?.confirm).toBeDefined();
    return button?.value ?? '';
  }

  it('shows what it will snapshot, and on confirm snapshots every volume of the instance, tagged', async () => {
    const responseUrl = slack.responseUrl();
    await post(
      slashCommandBody({
        command: '/snapshot',
        text: 'web-1 before the risky deploy',
        responseUrl,
        user: OPS,
        channel: ALERTS,
      }),
    );
    await server.idle();
    const preview = answerTo(responseUrl);
    expect(preview).toContain(`of instance \`${instanceId}\` (web-1)?`);
    expect(preview).toMatch(/50 GiB · \/dev\/sdf/);
    expect(preview).toMatch(/200 GiB · \/dev\/sdg/);
    expect(await lamplighterSnapshots()).toHaveLength(0);

    const confirm = slack.responseUrl();
    const body = buttonBody({
      actionId: 'snapshot_confirm',
      value: confirmValue(responseUrl),
      responseUrl: confirm,
      user: OPS,
      channel: ALERTS,
    });
    expect((await post(body)).status).toBe(200);
    await server.idle();
    expect(answerTo(confirm)).toMatch(/Started \d snapshots/);
    expect(slack.responses.find((r) => confirm.endsWith(r.id))?.body.replace_original).toBe(true);
    const snapshots = await lamplighterSnapshots();
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snap of snapshots) {
      const tags = Object.fromEntries((snap.Tags ?? []).map((t) => [t.Key, t.Value]));
      expect(tags).toMatchObject({ CreatedBy: 'Lamplighter', RequestedBy: OPS, Reason: 'before the risky deploy' });
    }
    const progress = slack.messages.find((m) => m.text.startsWith('Snapshots of'));
    expect(progress?.text).toBe(`Snapshots of ${instanceId}: completed`);

    // A second click on the same confirmation creates nothing more.
    const again = slack.responseUrl();
    await post(
      buttonBody({
        actionId: 'snapshot_confirm',
        value: confirmValue(responseUrl),
        responseUrl: again,
        user: OPS,
        channel: ALERTS,
      }),
    );
    await server.idle();
    expect(answerTo(again)).toContain('That snapshot was already confirmed by <@U0OPS00001>');
    expect(await lamplighterSnapshots()).toHaveLength(snapshots.length);
  });

  it('creates nothing when the confirmation is refused', async () => {
    const before = (await lamplighterSnapshots()).length;
    const responseUrl = slack.responseUrl();
    await post(slashCommandBody({ command: '/snapshot', text: instanceId, responseUrl, user: OPS, channel: ALERTS }));
    await server.idle();
    const cancel = slack.responseUrl();
    await post(
      buttonBody({ actionId: 'snapshot_cancel', value: instanceId, responseUrl: cancel, user: OPS, channel: ALERTS }),
    );
    await server.idle();
    expect(answerTo(cancel)).toContain('Cancelled: nothing of');
    expect(await lamplighterSnapshots()).toHaveLength(before);
  });

  it('is for operators: a responder is refused, at the command and at the confirm button', async () => {
    expect((await command('/snapshot', 'web-1', ALICE)).answer).toContain(
      'You need the operator role to snapshot volumes',
    );
    const responseUrl = slack.responseUrl();
    await post(slashCommandBody({ command: '/snapshot', text: 'web-1', responseUrl, user: OPS, channel: ALERTS }));
    await server.idle();
    const before = (await lamplighterSnapshots()).length;
    const click = slack.responseUrl();
    await post(
      buttonBody({
        actionId: 'snapshot_confirm',
        value: confirmValue(responseUrl),
        responseUrl: click,
        user: ALICE,
        channel: ALERTS,
      }),
    );
    await server.idle();
    expect(answerTo(click)).toContain('You need the operator role');
    expect(await lamplighterSnapshots()).toHaveLength(before);
  });

  it('says plainly when there is nothing by that name', async () => {
    expect((await command('/snapshot', 'vol-0000000000000dead', OPS)).answer).toContain(
      'Nothing to snapshot: no volume, instance or Name tag `vol-0000000000000dead`',
    );
  });
});

describe('the sweeper follows snapshots', () => {
  it('keeps the progress message up to date until every snapshot completes', async () => {
    const aws = createSlackAppAws(TABLE);
    const client = createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 2000 });
    const request = { target: 'i-0abc', instanceId: 'i-0abc', volumes: ['vol-01', 'vol-02'], reason: 'pre-upgrade' };
    const posted = await client.postMessage(ALERTS, { text: 'Snapshots of i-0abc: in progress' });
    await aws.stores!.snapshots.putSnapshotJob({
      id: 'job-1',
      channel: posted.channel,
      ts: posted.ts,
      user: OPS,
      snapshotIds: ['snap-1', 'snap-2'],
      request,
    });
    // moto completes snapshots at once; the adapter boundary plays a slow EBS here.
    const states = [
      [
        { id: 'snap-1', volumeId: 'vol-01', state: 'pending', progress: '40%' },
        { id: 'snap-2', volumeId: 'vol-02', state: 'completed', progress: '100%' },
      ],
      [
        { id: 'snap-1', volumeId: 'vol-01', state: 'completed', progress: '100%' },
        { id: 'snap-2', volumeId: 'vol-02', state: 'completed', progress: '100%' },
      ],
    ];
    const ec2 = {
      plan: async () => undefined,
      createSnapshots: async () => [],
      snapshotStatus: async () => states.shift() ?? [],
    };
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      ec2,
      region: 'us-east-1',
      slack: client,
      now: () => new Date(),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect((await sweep(deps)).snapshotsFinished).toBe(0);
    expect(slack.message(posted.channel, posted.ts)?.text).toBe('Snapshots of i-0abc: in progress');
    expect(JSON.stringify(slack.message(posted.channel, posted.ts)?.blocks)).toContain(
      '`snap-1` of `vol-01` · pending 40%',
    );
    expect((await sweep(deps)).snapshotsFinished).toBe(1);
    expect(slack.message(posted.channel, posted.ts)?.text).toBe('Snapshots of i-0abc: completed');
    expect(await aws.stores!.snapshots.listSnapshotJobs()).toEqual([]);
  });
});

describe('Remind me in 24h', () => {
  it("checks the resource a day later, in the warning's thread, with the cost so far", async () => {
    await createStateTable('analytics-events');
    const client = createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 2000 });

    const warnings = [];
    for (const table of ['analytics-events', 'already-deleted']) {
      const raw = loadFixture<{
        detail: { requestParameters: { tableName: string }; eventTime: string; eventID: string };
      }>('eventbridge-cloudtrail-dynamodb-createtable-1000-units.json');
      raw.detail.requestParameters.tableName = table;
      raw.detail.eventTime = new Date(Date.now() - 3600_000).toISOString();
      raw.detail.eventID = `remind-${table}`;
      const event = parseCloudTrailEvent(raw)!;
      const [spend] = planCloudTrail(event, DEFAULT_COST_RULES);
      const posted = await client.postMessage(ALERTS, spend!.message);
      // What the cost guard records beside each warning it posts.
      await createSlackAppAws(TABLE).stores!.spend.putSpendInfo(
        reminderOf(event, spend!.kind === 'spend' ? spend!.estimate : (undefined as never)),
      );
      warnings.push(slack.message(posted.channel, posted.ts)!);
    }
    for (const warning of warnings) {
      const remind = (
        warning.attachments as Array<{
          blocks: Array<{ type: string; elements?: Array<{ action_id: string; value?: string }> }>;
        }>
      )[0]!.blocks
        .find((b) => b.type === 'actions')!
        .elements!.find((e) => e.action_id === 'spend_remind_24h')!.value!;
      const clicked = await click('spend_remind_24h', warning, ALICE, { value: remind });
      await server.idle();
      expect(answerTo(clicked.responseUrl)).toContain('I will check on DynamoDB table');
    }
    // A click naming a warning Lamplighter never posted sets nothing.
    const forged = await click('spend_remind_24h', warnings[0]!, ALICE, { value: 'no-such-event' });
    await server.idle();
    expect(answerTo(forged.responseUrl)).toContain('no longer has the details of that warning');

    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      resources: createResourceChecker(),
      slack: client,
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect((await sweep({ ...deps, now: () => new Date(Date.now() + 3600_000) })).remindersSent).toBe(0);
    expect((await sweep({ ...deps, now: () => new Date(Date.now() + 24 * 3600_000 + 60_000) })).remindersSent).toBe(2);
    const [kept, deleted] = warnings.map((w) => threadOf(w)[0] ?? '');
    expect(kept).toMatch(
      /^:alarm_clock: @U0ALICE001 DynamoDB table analytics-events still exists\. At \$0\.78\/hour it has cost about \$19\.\d\d over 25 h\.$/,
    );
    expect(deleted).toBe(
      ':alarm_clock: @U0ALICE001 DynamoDB table already-deleted is gone. It no longer costs anything.',
    );
  });
});
