import { createCostGuardAws } from '../../src/adapters/aws/cost-guard-aws';
import { storesFor } from '../../src/adapters/aws/dynamo';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { createCostGuardApp } from '../../src/app/cost-guard';
import { createNotifierApp } from '../../src/app/notifier';
import { jsonLogger } from '../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../support/aws';
import { loadFixture } from '../support/fixtures';

/**
 * What the cost guard reads (CloudTrail calls, Budgets and Cost Anomaly alerts), sent to the
 * alarms topic instead of its own: the notifier posts it as the cost guard would, not as the
 * generic message (issue 22, "every notification readable").
 */
const TABLE = 'spend-on-alarm-topic';
const TOKEN = 'xoxb-spend-on-alarms';
const ALERTS = 'C0ALERTS01';
const ALARMS_TOPIC = 'arn:aws:sns:us-east-1:123456789012:lamplighter-alarms';

let slack: SlackApiServer;

const env = () => ({
  AWS_REGION: 'us-east-1',
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_API_URL: slack.apiUrl,
  SLACK_DEFAULT_CHANNEL: ALERTS,
  TABLE_NAME: TABLE,
  GRAPHS_ENABLED: 'false',
  LOG_LINES: '0',
});
const parts = {
  slackFor: (token: string, config: { slackApiUrl: string }) =>
    createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
  log: jsonLogger(() => {}),
  now: () => new Date('2026-11-27T15:00:00Z'),
};
const notifier = () => createNotifierApp(env(), { ...parts, aws: createNotifierAws(TABLE) });

/** A notification as the alarms topic hands it to the notifier. */
function onAlarmsTopic(message: unknown, messageId: string, topicArn = ALARMS_TOPIC) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: null,
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: '2026-11-27T15:00:01.000Z',
        },
      },
    ],
  };
}

const gpu = () => loadFixture<Record<string, unknown>>('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
const soon = () => Date.now() + 25_000;

/** Every interactive element (button, menu) of a message's attachments. */
const elements = (attachments: unknown) =>
  ((attachments ?? []) as Array<{ blocks?: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> }>)
    .flatMap((a) => a.blocks ?? [])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id);

beforeAll(async () => {
  await resetMoto();
  await createStateTable(TABLE);
  slack = await startSlackApiServer({ token: TOKEN, channels: [{ name: 'alerts', id: ALERTS }] });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

describe('a spend notification that reached the alarms topic', () => {
  it('a GPU RunInstances call is a spend warning with its estimate and buttons; Remind me has its details', async () => {
    const [outcome] = await notifier().handle(onAlarmsTopic(gpu(), 'gpu-on-alarms'), soon());
    expect(outcome?.action).toBe('spend');
    expect(slack.messages.map((m) => m.text)).toEqual([
      'EC2 instances i-0aaaaaaaaaaaaaaa1, i-0aaaaaaaaaaaaaaa2 created: $4,468/month by platform-deployer (session ci-deploy-4711)',
    ]);
    const posted = slack.messages[0]!;
    expect(posted.channel).toBe(ALERTS);
    expect(elements(posted.attachments).map((e) => e.action_id)).toEqual([
      'spend_expected',
      'spend_remind_24h',
      'spend_open_console',
    ]);
    expect(JSON.stringify(posted.attachments)).toContain('bundled list prices as of');
    // What "Remind me in 24h" reads when clicked: the instances and their price.
    const remind = elements(posted.attachments).find((e) => e.action_id === 'spend_remind_24h');
    const info = await storesFor(TABLE).spend.getSpendInfo(remind?.value ?? '');
    expect(info).toMatchObject({ service: 'ec2', region: expect.any(String), hourly: expect.any(Number) });
  });

  it('a Budgets alert (plain text) and a Cost Anomaly alert are formatted as the cost guard formats them', async () => {
    const budget = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'lamplighter/sns-budgets-notification.json',
    ).Records[0]!.Sns.Message;
    const anomaly = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'aws-cost-anomaly-slack-reactor/sns-cost-anomaly.json',
    ).Records[0]!.Sns.Message;
    const outcomes = [
      ...(await notifier().handle(onAlarmsTopic(budget, 'budget-on-alarms'), soon())),
      ...(await notifier().handle(onAlarmsTopic(anomaly, 'anomaly-on-alarms'), soon())),
    ];
    expect(outcomes.map((o) => o.action)).toEqual(['spend', 'spend']);
    expect(slack.messages.map((m) => m.text)).toEqual([
      'Budget monthly-platform: actual $850.12 of $1,000.00',
      'Cost anomaly: +$1,001 (333.7%) in Amazon Elastic Compute Cloud - Compute',
    ]);
  });

  it('the same CloudTrail call reaching the cost guard and the alarms topic posts once', async () => {
    const event = { ...gpu(), eventID: 'a1b2c3d4-0000-4000-8000-0000000000aa' };
    const costGuard = createCostGuardApp(
      { ...env(), PRICE_LIST_API: 'false' },
      { ...parts, aws: createCostGuardAws(TABLE) },
    );
    await costGuard.handle(onAlarmsTopic(event, 'via-cost-guard', 'arn:aws:sns:us-east-1:123456789012:cost'), soon());
    const [outcome] = await notifier().handle(onAlarmsTopic(event, 'via-alarms'), soon());
    expect(outcome?.action).toBe('duplicate');
    expect(slack.messages).toHaveLength(1);
  });

  it('a call the cost guard would not post (off its watchlist) is shown as it came', async () => {
    const event = { ...gpu(), eventName: 'DescribeInstances', eventID: 'a1b2c3d4-0000-4000-8000-0000000000bb' };
    const [outcome] = await notifier().handle(onAlarmsTopic(event, 'describe-on-alarms'), soon());
    expect(outcome?.action).toBe('generic');
    expect(slack.messages).toHaveLength(1);
    expect(JSON.stringify(slack.messages[0])).toContain('DescribeInstances');
  });
});
