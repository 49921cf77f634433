import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { createCostGuardAws } from '../../../src/adapters/aws/cost-guard-aws';
import { createCostGuardApp, type CostGuardApp } from '../../../src/app/cost-guard';
import { ConfigError } from '../../../src/kernel/errors';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer, type StoredMessage } from '../../../src/sandbox/slack-api';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { createStateTable, failCompleteOnce, resetMoto } from '../../support/aws';
import { loadFixture } from '../../support/fixtures';
import { loadTemplate } from '../../support/template';
import { ROOT } from '../../support/paths';

const TABLE = 'cost-guard-state';

function newestMtimes(dir: string): number[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? newestMtimes(join(dir, d.name)) : [statSync(join(dir, d.name)).mtimeMs],
  );
}
const TOKEN = 'xoxb-cost-guard-token';
const CHANNEL = 'C0SPEND001';
const BUNDLE = join(ROOT, 'dist', 'cost-guard', 'index.js');
type Handler = (event: unknown, context: Context) => Promise<{ delivered: number }>;

let slack: SlackApiServer;
let logLines: string[];

function app(env: Record<string, string> = {}, now = () => new Date('2026-11-27T15:00:00Z')): CostGuardApp {
  return createCostGuardApp(
    {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
      SLACK_COST_CHANNEL: CHANNEL,
      TABLE_NAME: TABLE,
      // Prices from the bundled snapshot: the Price List API is tested in prices.int.test.ts.
      PRICE_LIST_API: 'false',
      ...env,
    },
    {
      aws: createCostGuardAws(TABLE),
      slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
      log: jsonLogger((line) => logLines.push(line)),
      now,
    },
  );
}

const soon = () => Date.now() + 25_000;
const topLevel = (): StoredMessage[] => slack.messages.filter((m) => !m.threadTs);

/** A CloudTrail event as SNS hands it to Lambda, from a topic an EventBridge rule publishes to. */
function viaSns(event: unknown, messageId: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:cost-guard',
          Subject: null,
          Message: JSON.stringify(event),
          Timestamp: '2026-11-27T15:00:01.000Z',
        },
      },
    ],
  };
}

/** The RunInstances fixture, wrapped as EventBridge delivers it, at a given time with its own event id. */
function gpuLaunch(at: string, eventId: string) {
  const record = loadFixture<Record<string, unknown>>('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
  record.eventTime = at;
  record.eventID = eventId;
  return {
    version: '0',
    id: `eb-${eventId}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: '123456789012',
    time: at,
    region: 'us-east-1',
    resources: [],
    detail: record,
  };
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
  // A bundle older than the code would test yesterday's build.
  const newest = Math.max(...['src', 'handlers'].flatMap((d) => newestMtimes(join(ROOT, d))));
  if (statSync(BUNDLE).mtimeMs < newest)
    throw new Error(`${BUNDLE} is older than the source: run \`npm run build\` (npm test does)`);
  await resetMoto();
  await createStateTable(TABLE);
  // The cost channel is known by name too (`#cost-watch`), as the sandbox configures it.
  slack = await startSlackApiServer({
    token: TOKEN,
    channels: [{ name: 'cost-watch', id: CHANNEL }],
    otherChannels: true,
  });
});

afterAll(async () => {
  await slack.close();
});

beforeEach(() => {
  slack.reset();
  logLines = [];
});

describe('the deployed path: EventBridge rule (from template.yaml) → SNS → cost-guard bundle → Slack', () => {
  it('turns a 1,000/1,000 DynamoDB table into a warning naming alice and about $569 a month', async () => {
    const pattern = loadTemplate().Resources.CostWatchRule?.Properties?.EventPattern;
    expect(pattern).toBeDefined();
    const sqs = new SQSClient({});
    const events = new EventBridgeClient({});
    const sns = new SNSClient({});

    // moto cannot deliver EventBridge → SNS, so the rule's target is a queue we read; SNS then
    // wraps what matched exactly as it does for the real topic.
    const ruleQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'cost-rule-matches' }))).QueueUrl!;
    const ruleQueueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: ruleQueue, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    await events.send(new PutRuleCommand({ Name: 'CostWatchRule', EventPattern: JSON.stringify(pattern) }));
    await events.send(
      new PutTargetsCommand({ Rule: 'CostWatchRule', Targets: [{ Id: 'cost-guard-topic', Arn: ruleQueueArn }] }),
    );

    const table = loadFixture<{ source: string; 'detail-type': string; detail: unknown }>(
      'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json',
    );
    const unwatched = loadFixture<{ detail: Record<string, unknown> }>(
      'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json',
    );
    unwatched.detail.eventName = 'DescribeTable';
    await events.send(
      new PutEventsCommand({
        Entries: [table, unwatched].map((e) => ({
          Source: 'aws.dynamodb',
          DetailType: 'AWS API Call via CloudTrail',
          Detail: JSON.stringify((e as { detail: unknown }).detail),
        })),
      }),
    );
    const matched =
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: ruleQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })))
        .Messages ?? [];
    expect(matched).toHaveLength(1); // DescribeTable is not on the watchlist: the rule drops it.

    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'cost-guard' }))).TopicArn!;
    const snsQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'cost-guard-topic-deliveries' }))).QueueUrl!;
    const snsQueueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: snsQueue, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: snsQueueArn }));
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: matched[0]!.Body! }));
    const [delivered] =
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: snsQueue, WaitTimeSeconds: 1 }))).Messages ?? [];
    const notification = JSON.parse(delivered!.Body!) as Record<string, unknown>;
    expect(notification.Type).toBe('Notification');

    const secretArn = (
      await new SecretsManagerClient({}).send(
        new CreateSecretCommand({ Name: 'cost-guard/slack', SecretString: JSON.stringify({ botToken: TOKEN }) }),
      )
    ).ARN!;
    Object.assign(process.env, {
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN_SECRET_ARN: secretArn,
      SLACK_DEFAULT_CHANNEL: CHANNEL,
      SLACK_COST_CHANNEL: '',
      TABLE_NAME: TABLE,
      LAMPLIGHTER_ROUTES: '[]',
    });
    let handler: Handler | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the bundle as Lambda does
      handler = (require(BUNDLE) as { handler: Handler }).handler;
    });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(
      handler!({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: notification }] }, {
        getRemainingTimeInMillis: () => 30_000,
      } as Context),
    ).resolves.toEqual({
      delivered: 1,
    });
    jest.restoreAllMocks();

    expect(slack.messages).toHaveLength(1);
    const [warning] = slack.messages;
    expect(warning?.channel).toBe(CHANNEL);
    expect(warning?.text).toBe('DynamoDB table analytics-events created: $569.40/month by alice');
    expect(JSON.stringify(warning?.attachments)).toContain('*$0.78/hour · about $569.40/month*');
  });
});

describe('cost guard against moto and the Slack test server', () => {
  it('posts once when the same CloudTrail event arrives twice, by SNS and straight from EventBridge', async () => {
    const event = gpuLaunch('2026-11-27T14:10:44Z', 'dup-0001');
    const guard = app();
    await guard.handle(viaSns(event, 'sns-msg-1'), soon());
    await guard.handle(viaSns(event, 'sns-msg-2'), soon());
    const again = await guard.handle(event, soon());
    expect(again[0]?.action).toBe('duplicate');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it("an event id another account already used neither silences nor takes over that account's warning", async () => {
    // Event ids are the sender's to write: 333… reuses the id of 123…'s launch (shown in Slack).
    const guard = app();
    const real = gpuLaunch('2026-11-24T10:00:00Z', 'shared-0001');
    const forged = gpuLaunch('2026-11-24T10:01:00Z', 'shared-0001');
    forged.account = '333333333333';
    Object.assign(forged.detail, { recipientAccountId: '333333333333' });
    await guard.handle(forged, soon());
    await guard.handle(real, soon());
    const warnings = topLevel();
    expect(warnings).toHaveLength(2);
    type Button = { action_id?: string; value?: string };
    const buttons = warnings.map(
      (m) =>
        (m.attachments as Array<{ blocks: Array<{ elements?: Button[] }> }>)
          .flatMap((a) => a.blocks)
          .flatMap((b) => b.elements ?? [])
          .find((e) => e.action_id === 'spend_expected')?.value,
    );
    expect(buttons[0]).toBeDefined();
    expect(buttons[0]).not.toBe(buttons[1]);
  });

  it('posts a warning once when Slack applied the post but its answer was lost', async () => {
    slack.failNext('chat.postMessage', { applyThenDrop: true });
    // Long after the other launches, so it opens its own warning rather than joining their thread.
    const [outcome] = await app().handle(gpuLaunch('2026-11-28T03:00:00Z', 'lost-0001'), soon());
    expect(outcome?.action).toBe('spend');
    expect(topLevel()).toHaveLength(1);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
  });

  it('with the cost channel given by name: one warning though its answer was lost, its repeat by the id', async () => {
    const now = new Date('2026-11-25T08:00:00Z');
    const guard = app({ SLACK_COST_CHANNEL: '#cost-watch' }, () => now);
    slack.failNext('chat.postMessage', { applyThenDrop: true });
    await guard.handle(gpuLaunch('2026-11-25T08:00:00Z', 'by-name-0001'), soon());
    await guard.handle(gpuLaunch('2026-11-25T08:03:00Z', 'by-name-0002'), soon());
    // The lost post was found (conversations.history takes the id only), not posted twice.
    expect(topLevel()).toHaveLength(1);
    expect(topLevel()[0]!.channel).toBe(CHANNEL);
    expect(topLevel()[0]!.text).toContain('×2');
    const refused = slack.calls.filter((c) => (c.response as { error?: string })?.error === 'channel_not_found');
    expect(refused).toEqual([]);
  });

  it('groups identical creations by the same principal within 15 minutes into one thread', async () => {
    let now = new Date('2026-11-27T16:00:00Z');
    const guard = app({}, () => now);
    await guard.handle(gpuLaunch('2026-11-27T16:00:00Z', 'grp-0001'), soon());
    await guard.handle(gpuLaunch('2026-11-27T16:05:00Z', 'grp-0002'), soon());
    await guard.handle(gpuLaunch('2026-11-27T16:12:00Z', 'grp-0003'), soon());
    now = new Date('2026-11-27T16:40:00Z');
    await guard.handle(gpuLaunch('2026-11-27T16:40:00Z', 'grp-0004'), soon());

    expect(topLevel()).toHaveLength(2);
    const [first, later] = topLevel();
    expect(first?.text).toContain('×3');
    expect(first?.updates).toBe(2);
    expect(slack.thread(CHANNEL, first!.ts).map((m) => m.text)).toEqual([
      'Another one (2 in all): EC2 instances',
      'Another one (3 in all): EC2 instances',
    ]);
    expect(later?.text).not.toContain('×');
  });

  it('says a repeat in the thread once when that reply was applied and its answer lost', async () => {
    // A day of its own: the suite shares one table, and groups are by principal and type.
    const now = new Date('2026-11-26T08:00:00Z');
    const guard = app({}, () => now);
    await guard.handle(gpuLaunch('2026-11-26T08:00:00Z', 'rep-lost-0001'), soon());
    slack.failNext('chat.postMessage', { applyThenDrop: true });
    await guard.handle(gpuLaunch('2026-11-26T08:03:00Z', 'rep-lost-0002'), soon());
    const [first] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(slack.thread(CHANNEL, first!.ts).map((m) => m.text)).toEqual(['Another one (2 in all): EC2 instances']);
    expect(first?.text).toContain('×2');
  });

  it('does not post or count again when the retry comes after the warning was saved', async () => {
    const aws = createCostGuardAws(TABLE);
    failCompleteOnce(aws.stores.journal, 'cloudtrail-123456789012:retry-0001');
    const guard = createCostGuardApp(
      { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl, SLACK_DEFAULT_CHANNEL: CHANNEL, TABLE_NAME: TABLE },
      {
        aws,
        slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
        log: jsonLogger((l) => logLines.push(l)),
      },
    );
    const event = gpuLaunch('2026-11-27T18:00:00Z', 'retry-0001');
    await expect(guard.handle(event, soon())).rejects.toThrow('connection reset');
    await guard.handle(event, soon());
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('names the account a creation was made in, and routes by the name', async () => {
    const guard = app({
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ '123456789012': 'ml-sandbox' }),
      LAMPLIGHTER_ROUTES: JSON.stringify([{ channel: 'C0MLTEAM01', accountName: 'ml-sandbox' }]),
    });
    await guard.handle(gpuLaunch('2026-11-25T09:00:00Z', 'named-0001'), soon());
    const [warning] = slack.messages.filter((m) => m.channel === 'C0MLTEAM01');
    expect(JSON.stringify(warning!.attachments ?? warning!.blocks)).toContain('ml-sandbox (`123456789012`)');
  });

  it('posts a quiet note, with no dollar figure, for a creation that failed', async () => {
    const event = gpuLaunch('2026-11-27T17:00:00Z', 'fail-0001');
    Object.assign(event.detail, {
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    });
    await app().handle(event, soon());
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.text).toBe('Failed RunInstances by platform-deployer (session ci-deploy-4711)');
    expect(JSON.stringify(slack.messages[0]?.blocks)).not.toContain('$');
  });

  it('formats Budgets and Cost Anomaly alerts from the spend topic', async () => {
    const guard = app();
    await guard.handle(loadFixture('lamplighter/sns-budgets-notification.json'), soon());
    await guard.handle(loadFixture('aws-cost-anomaly-slack-reactor/sns-cost-anomaly.json'), soon());
    expect(slack.messages.map((m) => m.text)).toEqual([
      'Budget monthly-platform: actual $850.12 of $1,000.00',
      'Cost anomaly: +$1,001 (333.7%) in Amazon Elastic Compute Cloud - Compute',
    ]);
  });

  it('reports a root sign-in from the security watch', async () => {
    await app().handle(
      viaSns(loadFixture('awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json'), 'root-1'),
      soon(),
    );
    expect(slack.messages.map((m) => m.text)).toEqual(['Root account signed in without MFA']);
  });

  it('a forged root sign-in names the account that sent it, not the one it claims', async () => {
    // PutEvents from 333… with a CloudTrail-shaped detail claiming prod-payments (222…).
    const forged = loadFixture<Record<string, unknown> & { detail: Record<string, unknown> }>(
      'awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json',
    );
    forged.account = '333333333333';
    forged.detail.recipientAccountId = '222222222222';
    (forged.detail.userIdentity as Record<string, unknown>).accountId = '222222222222';
    await app({ LAMPLIGHTER_ACCOUNTS: JSON.stringify({ '222222222222': 'prod-payments' }) }).handle(
      viaSns(forged, 'root-forged'),
      soon(),
    );
    const shown = JSON.stringify(slack.messages.map((m) => [m.attachments, m.blocks]));
    expect(shown).toContain('333333333333');
    expect(shown).not.toContain('222222222222');
    expect(shown).not.toContain('prod-payments');
  });

  it('still posts what it does not understand, readably', async () => {
    await app().handle(loadFixture('notify-slack/sns-plain-text-message.json'), soon());
    expect(slack.messages.map((m) => m.text)).toEqual(['All Fine']);
  });

  it('fails at start-up on a bad threshold, naming the entry', () => {
    expect(() => app({ COST_WARNING_MONTHLY_USD: '500', COST_CRITICAL_MONTHLY_USD: '100' })).toThrow(ConfigError);
    expect(() => app({ COST_WATCHLIST: 'redshift:CreateCluster,not a call' })).toThrow(
      'COST_WATCHLIST[1]: "not a call" is not service:EventName',
    );
  });
});
