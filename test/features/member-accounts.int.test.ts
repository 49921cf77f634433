import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { createMemberAccess } from '../../src/adapters/aws/member-access';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { createNotifierApp } from '../../src/app/notifier';
import { serve } from '../../src/cli/serve';
import { buttonBody, slackSignature, slashCommandBody } from '../support/slack-sign';
import { jsonLogger } from '../../src/kernel/log';
import { snsAlarmEvent } from '../support/fixtures';
import { DEFAULT_CHANNEL, soon, TABLE, TOKEN, topLevel, useNotifierHarness, w } from '../support/notifier-harness';

useNotifierHarness();

const MEMBER = '222222222222';
const SECRET = 'member-external-id-1';
const settings = { externalId: SECRET, readRoleName: 'lamplighter-read', operatorRoleName: 'lamplighter-operator' };

/** The member account as its own people see it: moto acts in account 222… for the role's credentials. */
async function inMember() {
  const res = await new STSClient({}).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${MEMBER}:role/lamplighter-read`,
      RoleSessionName: 'member-admin',
      ExternalId: SECRET,
    }),
  );
  const c = res.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  };
}

/** Account 222…'s alarm on its log metric, as its SNS action (or the organisation's bus) delivers it. */
const memberAlarm = (messageId: string, at: Date) =>
  snsAlarmEvent(
    'lamplighter/sns-cloudwatch-alarm-log-metric.json',
    (a) => {
      a.AlarmName = 'payments-404';
      a.AlarmArn = `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:payments-404`;
      a.AWSAccountId = MEMBER;
      a.StateChangeTime = at.toISOString().replace('Z', '+0000');
    },
    messageId,
  );

const notifier = () =>
  createNotifierApp(
    {
      AWS_REGION: 'us-east-1',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: w.slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
      TABLE_NAME: TABLE,
      LOG_LINES: '5',
      WHAT_CHANGED: 'false',
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }),
    },
    {
      aws: createNotifierAws(TABLE, createMemberAccess(settings)),
      slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
      log: jsonLogger((line) => w.logLines.push(line)),
      now: () => w.clock,
    },
  );

/** `serve` for one test, with the organisation set up, and a way to send it what Slack sends. */
async function withServe(
  env: Record<string, string>,
  run: (send: (body: string, responseUrl: string) => Promise<string>) => Promise<void>,
): Promise<void> {
  const server = await serve(
    {
      PORT: '0',
      SLACK_SIGNING_SECRET: 'member-signing-secret',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: w.slack.apiUrl,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: TABLE,
      MEMBER_EXTERNAL_ID: SECRET,
      ...env,
    },
    jsonLogger((line) => w.logLines.push(line)),
  );
  // The answer a person sees: through response_url, or (a usage error) the acknowledgement itself.
  const send = async (body: string, responseUrl: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignature('member-signing-secret', body),
      },
      body,
    });
    expect(res.status).toBe(200);
    const ack = await res.text();
    await server.idle();
    return JSON.stringify(w.slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks ?? ack);
  };
  try {
    await run(send);
  } finally {
    await server.stop();
  }
}

describe('a member account’s alarm, read in its own account', () => {
  it('shows the log lines and tags of account 222222222222, read through its lamplighter-read role', async () => {
    const credentials = await inMember();
    const logs = new CloudWatchLogsClient({ credentials });
    const group = '/aws/lambda/payments-api';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's1' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'http-404',
        filterPattern: '"404"',
        metricTransformations: [
          { metricName: 'Http404Count', metricNamespace: 'Lamplighter/Example', metricValue: '1' },
        ],
      }),
    );
    const at = w.clock.getTime();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        logEvents: [
          { timestamp: at - 120_000, message: 'GET /pay 404 in the member account' },
          { timestamp: at - 60_000, message: 'GET /health 200' },
        ],
      }),
    );
    await new CloudWatchClient({ credentials }).send(
      new PutMetricAlarmCommand({
        AlarmName: 'payments-404',
        MetricName: 'Http404Count',
        Namespace: 'Lamplighter/Example',
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        Tags: [{ Key: 'owner', Value: 'payments-oncall' }],
      }),
    );
    // Nothing of it is in the central account: the lines and tags can only come through the role.
    await notifier().handle(memberAlarm('member-1', w.clock), soon());
    const shown = JSON.stringify(topLevel()[0]!.attachments);
    expect(shown).toContain(`prod-payments (\`${MEMBER}\`)`);
    expect(shown).toContain('GET /pay 404 in the member account');
    expect(shown).not.toContain('GET /health 200');
    expect(shown).toContain('*Owner*\\npayments-oncall');
  });

  it('runs Show logs on that incident in account 222222222222, through the same role', async () => {
    await withServe({ LOGS_ALLOWED_PREFIXES: '/aws/lambda/' }, async (send) => {
      // The incident the first test opened: account 222…'s alarm, with its log group.
      const responseUrl = w.slack.responseUrl();
      const body = buttonBody({
        actionId: 'alarm_show_logs',
        value: `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:payments-404`,
        responseUrl,
      });
      expect(await send(body, responseUrl)).toContain('GET /pay 404 in the member account');
    });
  });

  it('mutes a member account’s alarm in Slack, and says plainly that its CloudWatch actions stay on', async () => {
    // The caller may change alarm actions (the operator role): the refusal is about the account.
    const roles = JSON.stringify([{ role: 'operator', users: ['U0ALICE001'] }]);
    await withServe({ LAMPLIGHTER_ROLES: roles }, async (send) => {
      const arn = `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:payments-404`;
      const run = (text: string) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command: '/mute', text, responseUrl }), responseUrl);
      };
      // Its message is gone from this test's Slack (each test starts with an empty one), as if
      // someone deleted it: the mute is still made and answered; only the redraw has nowhere to go.
      expect(await run(`${arn} 1h --actions`)).toContain(
        'is in account `222222222222`, `us-east-1`: Lamplighter can mute it in Slack',
      );
      expect(await createNotifierAws(TABLE).stores.mutes.getMute(arn)).toBeUndefined();
      expect(await run(`${arn} 1h`)).toContain('`payments-404` is muted until');
      expect(await createNotifierAws(TABLE).stores.mutes.getMute(arn)).toMatchObject({
        alarmName: 'payments-404',
        region: 'us-east-1',
        actionsDisabled: false,
      });
    });
  });

  it('searches account 222222222222 with /logs --account, by name or id, and refuses a name it does not know', async () => {
    const env = {
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }),
    };
    await withServe(env, async (send) => {
      const logs = (text: string) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command: '/logs', text, responseUrl }), responseUrl);
      };
      const byName = await logs('/aws/lambda/payments-api 404 --since 30d --account prod-payments');
      expect(byName).toContain('GET /pay 404 in the member account');
      expect(byName).toContain(`in prod-payments (${MEMBER})`);
      expect(await logs(`/aws/lambda/payments-api 404 --since 30d --account ${MEMBER}`)).toContain(
        'GET /pay 404 in the member account',
      );
      // The same group is not in this account: without --account, nothing of the member's is found.
      expect(await logs('/aws/lambda/payments-api 404 --since 30d')).not.toContain('in the member account');
      expect(await logs('/aws/lambda/payments-api --account staging')).toContain(
        'no account is named `staging`: give its 12-digit id, or name it in LAMPLIGHTER_ACCOUNTS',
      );
      expect(await logs('/aws/lambda/payments-api --region mars-1')).toContain('is not a region code');
    });
  });
});
