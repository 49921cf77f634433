import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateVolumeCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { createMemberAccess, type MemberAccess } from '../../src/adapters/aws/member-access';
import { createAccountDirectory } from '../../src/adapters/aws/organizations';
import { createResourceChecker } from '../../src/adapters/aws/resource-checker';
import { createSlackAppAws } from '../../src/adapters/aws/slack-app-aws';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sweep } from '../../src/app/sweeper';
import { actionsEnabled, createStateTable } from '../support/aws';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { createNotifierApp } from '../../src/app/notifier';
import { serve } from '../../src/cli/serve';
import { buttonBody, slackSignature, slashCommandBody } from '../support/slack-sign';
import { jsonLogger } from '../../src/kernel/log';
import { snsAlarmEvent } from '../support/fixtures';
import { DEFAULT_CHANNEL, soon, TABLE, TOKEN, topLevel, useNotifierHarness, w } from '../support/notifier-harness';

useNotifierHarness();

const MEMBER = '222222222222';
/** A second member account: what is in one is never shown for the other. */
const OTHER = '333333333333';
const SECRET = 'member-external-id-1';
const settings = {
  externalId: async () => SECRET,
  readRoleName: 'lamplighter-read',
  operatorRoleName: 'lamplighter-operator',
};

/** The member account as its own people see it: moto acts in account 222… for the role's credentials. */
async function inMember(account = MEMBER) {
  const res = await new STSClient({}).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/lamplighter-read`,
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
const memberAlarm = (messageId: string, at: Date, name = 'payments-404') =>
  snsAlarmEvent(
    'lamplighter/sns-cloudwatch-alarm-log-metric.json',
    (a) => {
      a.AlarmName = name;
      a.AlarmArn = `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:${name}`;
      a.AWSAccountId = MEMBER;
      a.StateChangeTime = at.toISOString().replace('Z', '+0000');
    },
    messageId,
  );

const notifier = (env: Record<string, string> = {}) =>
  createNotifierApp(
    {
      ...env,
      AWS_REGION: 'us-east-1',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: w.slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
      TABLE_NAME: TABLE,
      LOG_LINES: '5',
      WHAT_CHANGED: 'false',
      STORM_GATHER_SECONDS: '0',
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }),
    },
    {
      aws: createNotifierAws(TABLE, createMemberAccess(settings)),
      slackFor: (token, config) =>
        createSlackClient({
          token,
          apiUrl: config.slackApiUrl,
          timeoutMs: 2000,
          ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
        }),
      log: jsonLogger((line) => w.logLines.push(line)),
      now: () => w.clock,
    },
  );

/** An alarm in the central account (the function's own) or another's, optionally set to a state. */
async function putAlarm(name: string, state?: 'ALARM', cw = new CloudWatchClient({})) {
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  if (state) await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'test' }));
}

/** The confirm button of the snapshot preview an earlier answer showed. */
function confirmValue(responseUrl: string): string {
  const blocks = w.slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks as Array<{
    type: string;
    elements?: Array<{ action_id: string; value?: string }>;
  }>;
  return (
    blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'snapshot_confirm')?.value ?? ''
  );
}

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
      // Its log line names the account it acted in.
      const answered = w.logLines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.message === 'job answered');
      expect(answered.at(-1)).toMatchObject({ job: 'show-logs', account: MEMBER });
    });
  });

  it('mutes a member account’s alarm with its actions in account 222222222222, and /unmute by name turns them back on there', async () => {
    const roles = JSON.stringify([{ role: 'operator', users: ['U0ALICE001'] }]);
    const arn = `arn:aws:cloudwatch:us-east-1:${MEMBER}:alarm:payments-404`;
    const member = new CloudWatchClient({ credentials: await inMember() });
    // An alarm of the same name in the central account: not the incident's, so never touched.
    await putAlarm('payments-404');
    const env = { LAMPLIGHTER_ROLES: roles, LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }) };
    await withServe(env, async (send) => {
      const run = (command: string, text: string) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command, text, responseUrl }), responseUrl);
      };
      // Acknowledged by name in its account: the incident is account 222…'s, not this account's alarm of that name.
      expect(await run('/ack', 'payments-404 --account prod-payments')).toContain('You acknowledged `payments-404`');
      expect(await run('/ack', 'payments-404')).toContain('Lamplighter has no incident for `payments-404`');
      // From the incident's Mute (its ARN): the alarm is read and changed where it lives. Its
      // message is gone from this test's Slack, as if deleted: only the redraw has nowhere to go.
      expect(await run('/mute', `${arn} 1h --actions`)).toContain('`payments-404` is muted until');
      expect(await actionsEnabled('payments-404', member)).toBe(false);
      expect(await actionsEnabled('payments-404')).toBe(true);
      expect(await createNotifierAws(TABLE).stores.mutes.getMute(arn)).toMatchObject({ actionsDisabled: true });
      // The audit record names the account and region acted in.
      const audited = w.logLines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.message === 'audit');
      expect(audited.at(-1)).toMatchObject({
        action: 'mute-actions',
        target: 'payments-404',
        account: MEMBER,
        region: 'us-east-1',
      });
      // The bare name finds the one mute of that name, in account 222…
      expect(await run('/unmute', 'payments-404')).toContain(
        'is no longer muted; its CloudWatch actions are enabled again',
      );
      expect(await actionsEnabled('payments-404', member)).toBe(true);
      // …and --account names it directly.
      expect(await run('/mute', 'payments-404 1h --actions --account prod-payments')).toContain(
        'CloudWatch actions are disabled',
      );
      expect(await actionsEnabled('payments-404', member)).toBe(false);
      expect(await actionsEnabled('payments-404')).toBe(true);
    });
    // The sweeper ends the mute and turns the member account's actions back on, through its role.
    // Which member role each call asked for: changes through the operator role, reads through the read role.
    const asked: string[] = [];
    const real = createMemberAccess(settings);
    const access: MemberAccess = {
      enabled: true,
      credentialsFor: (accountId, role) => {
        asked.push(`${accountId}:${role}`);
        return real.credentialsFor(accountId, role);
      },
    };
    const aws = createSlackAppAws(TABLE, access);
    const result = await sweep({
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      slack: createSlackClient({ token: TOKEN, apiUrl: w.slack.apiUrl, timeoutMs: 2000 }),
      now: () => new Date(Date.now() + 61 * 60_000),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    });
    expect(result).toMatchObject({ mutesEnded: 1, failures: 0 });
    expect(asked).toEqual(expect.arrayContaining([`${MEMBER}:operator`, `${MEMBER}:read`]));
    expect(await actionsEnabled('payments-404', member)).toBe(true);
  });

  it('/unmute NAME checks a channel grant against the alarm it unmutes, not the one the name finds here', async () => {
    // Bob is a responder only in #sandbox, by its channel grant; #sandbox holds the central
    // account's checkout-5xx. Account 222…'s checkout-5xx (same name, StackSets) is muted, with
    // its actions off, by an operator; its incident is in the default channel.
    const SANDBOX = 'C0SANDBOX1';
    const BOB = 'U0BOB00001';
    const roles = JSON.stringify([
      { role: 'operator', users: ['U0ALICE001'] },
      { role: 'responder', channels: [SANDBOX] },
    ]);
    const name = 'checkout-5xx';
    const member = new CloudWatchClient({ credentials: await inMember() });
    await putAlarm(name, undefined, member);
    await putAlarm(name);
    await notifier().handle(memberAlarm('member-checkout', w.clock, name), soon());
    await notifier({ LAMPLIGHTER_ROUTES: JSON.stringify([{ channel: SANDBOX, alarmNamePrefix: name }]) }).handle(
      snsAlarmEvent(
        'lamplighter/sns-cloudwatch-alarm-log-metric.json',
        (a) => {
          a.AlarmName = name;
          a.AlarmArn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
          a.AWSAccountId = '123456789012';
          a.StateChangeTime = w.clock.toISOString().replace('Z', '+0000');
        },
        'central-checkout',
      ),
      soon(),
    );
    expect(w.slack.messages.filter((m) => m.text.includes(name)).map((m) => m.channel)).toEqual([
      DEFAULT_CHANNEL,
      SANDBOX,
    ]);
    const env = { LAMPLIGHTER_ROLES: roles, LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }) };
    await withServe(env, async (send) => {
      const run = (command: string, text: string, user = 'U0ALICE001', channel = DEFAULT_CHANNEL) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command, text, responseUrl, user, channel }), responseUrl);
      };
      expect(await run('/mute', `${name} 1h --actions --account prod-payments`)).toContain(
        'CloudWatch actions are disabled',
      );
      expect(await actionsEnabled(name, member)).toBe(false);
      // Named in its account, Bob is refused: his grant does not cover that incident's channel.
      expect(await run('/unmute', `${name} --account prod-payments`, BOB, SANDBOX)).toContain(
        'You need the responder role',
      );
      // By the bare name, the mute found is the same one: so is the refusal.
      expect(await run('/unmute', name, BOB, SANDBOX)).toContain('You need the responder role');
      expect(await actionsEnabled(name, member)).toBe(false);
      const refused = w.logLines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.message === 'audit' && l.action === 'unmute');
      expect(refused.at(-1)).toMatchObject({ user: BOB, outcome: 'refused' });
      // Bob's own channel's alarm he may still act on.
      expect(await run('/ack', name, BOB, SANDBOX)).toContain('You acknowledged');
    });
  });

  it('lists each member account’s firing alarms with /alarms --account, and says where it looked', async () => {
    const member = new CloudWatchClient({ credentials: await inMember() });
    await member.send(
      new SetAlarmStateCommand({ AlarmName: 'payments-404', StateValue: 'ALARM', StateReason: 'test' }),
    );
    await putAlarm('central-only', 'ALARM');
    await putAlarm('search-latency', 'ALARM', new CloudWatchClient({ credentials: await inMember(OTHER) }));
    const env = { LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments', [OTHER]: 'prod-search' }) };
    await withServe(env, async (send) => {
      const run = (text: string) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command: '/alarms', text, responseUrl }), responseUrl);
      };
      const there = await run('--account prod-payments');
      expect(there).toContain(`in prod-payments (${MEMBER})`);
      expect(there).toContain('payments-404');
      expect(there).not.toContain('central-only');
      expect(there).not.toContain('search-latency');
      const other = await run('--account prod-search');
      expect(other).toContain(`in prod-search (${OTHER})`);
      expect(other).toContain('search-latency');
      expect(other).not.toContain('payments-404');
      const here = await run('');
      expect(here).toContain('central-only');
      expect(await run('--account staging')).toContain('no account is named `staging`');
    });
  });

  it('resolves --account by the organisation’s account names too, where it may read them', async () => {
    const orgs = new OrganizationsClient({ region: 'us-east-1' });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await orgs.send(
      new CreateAccountCommand({ AccountName: 'prod-ledger', Email: 'ledger@example.com' }),
    );
    const status = await orgs.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
    );
    const ledger = status.CreateAccountStatus!.AccountId!;
    await putAlarm('ledger-lag', 'ALARM', new CloudWatchClient({ credentials: await inMember(ledger) }));
    // Not in LAMPLIGHTER_ACCOUNTS: the name comes from Organizations' ListAccounts.
    await withServe({ ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true' }, async (send) => {
      const responseUrl = w.slack.responseUrl();
      const body = slashCommandBody({ command: '/alarms', text: '--account prod-ledger', responseUrl });
      const answer = await send(body, responseUrl);
      expect(answer).toContain(`in prod-ledger (${ledger})`);
      expect(answer).toContain('ledger-lag');
    });
  });

  it('a member that renames itself to a configured name captures nothing; a name two accounts share is refused, naming both', async () => {
    // The organisation of the test above; a member renames itself after a configured account.
    const orgs = new OrganizationsClient({ region: 'us-east-1' });
    const accountNamed = async (name: string, email: string) => {
      const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: email }));
      const status = await orgs.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
      );
      return status.CreateAccountStatus!.AccountId!;
    };
    const impostor = await accountNamed('prod-payments', 'impostor@example.com');
    const twinA = await accountNamed('analytics', 'analytics-a@example.com');
    const twinB = await accountNamed('analytics', 'analytics-b@example.com');
    await putAlarm('impostor-alarm', 'ALARM', new CloudWatchClient({ credentials: await inMember(impostor) }));
    const env = {
      ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true',
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }),
    };
    await withServe(env, async (send) => {
      const run = (text: string) => {
        const responseUrl = w.slack.responseUrl();
        return send(slashCommandBody({ command: '/alarms', text, responseUrl }), responseUrl);
      };
      const named = await run('--account prod-payments');
      expect(named).toContain(`in prod-payments (${MEMBER})`);
      expect(named).not.toContain('impostor-alarm');
      const twins = await run('--account analytics');
      expect(twins).toContain('`analytics` names more than one account');
      expect(twins).toContain(twinA);
      expect(twins).toContain(twinB);
    });
    // What routes by name (accountName) sees: the impostor is not prod-payments.
    const directory = createAccountDirectory(
      new Map([[MEMBER, 'prod-payments']]),
      true,
      jsonLogger(() => undefined),
    );
    const names = await directory.names();
    expect(names.get(MEMBER)).toBe('prod-payments');
    expect(names.get(impostor)).toBeUndefined();
    expect([...names].filter(([, n]) => n === 'prod-payments')).toEqual([[MEMBER, 'prod-payments']]);
  });

  it('--account reaches only the organisation’s or configured accounts: an id of one’s own is refused, no role assumed', async () => {
    const outsider = '999999999999';
    // An account of the attacker's own, with a role that trusts anyone presenting the external id.
    await putAlarm('outsider-alarm', 'ALARM', new CloudWatchClient({ credentials: await inMember(outsider) }));
    // Configured accounts; the organisation's names; or the organisation set up with no names.
    for (const env of [
      { LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }) },
      { ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true' },
      {},
    ] as Array<Record<string, string>>)
      await withServe(env, async (send) => {
        const run = (command: string, text: string) => {
          const responseUrl = w.slack.responseUrl();
          return send(slashCommandBody({ command, text, responseUrl }), responseUrl);
        };
        const answer = await run('/alarms', `--account ${outsider}`);
        expect(answer).toContain(`\`${outsider}\` is not an account of the organisation`);
        expect(answer).not.toContain('outsider-alarm');
        expect(await run('/logs', `/aws/lambda/x --account ${outsider}`)).toContain(
          'is not an account of the organisation',
        );
        // An alarm ARN typed in a command is the same: its account must be one of the organisation's.
        expect(await run('/mute', `arn:aws:cloudwatch:us-east-1:${outsider}:alarm:outsider-alarm 1h`)).toContain(
          'is not an account of the organisation',
        );
      });
    // Nothing ran there as Lamplighter: no role of that account was assumed (moto's record of each
    // AssumeRole; only the test's own member-admin sessions, which set the alarm up, are there).
    const dump = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as {
      sts?: { AssumedRole?: Array<{ role_arn: string; session_name: string }> };
    };
    const there = (dump.sts?.AssumedRole ?? []).filter((r) => r.role_arn.includes(outsider));
    expect(there.length).toBeGreaterThan(0);
    expect(there.filter((r) => r.session_name !== 'member-admin')).toEqual([]);
    // An account of the organisation, named by nothing, is reached by its id: ListAccounts lists it.
    const orgs = new OrganizationsClient({ region: 'us-east-1' });
    const created = await orgs.send(new CreateAccountCommand({ AccountName: 'unnamed', Email: 'unnamed@example.com' }));
    const inOrg = (
      await orgs.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
      )
    ).CreateAccountStatus!.AccountId!;
    await putAlarm('unnamed-alarm', 'ALARM', new CloudWatchClient({ credentials: await inMember(inOrg) }));
    await withServe({}, async (send) => {
      const responseUrl = w.slack.responseUrl();
      const body = slashCommandBody({ command: '/alarms', text: `--account ${inOrg}`, responseUrl });
      const answer = await send(body, responseUrl);
      expect(answer).toContain('unnamed-alarm');
      expect(answer).toContain(`in ${inOrg}`);
    });
    expect(
      await actionsEnabled('outsider-alarm', new CloudWatchClient({ credentials: await inMember(outsider) })),
    ).toBe(true);
    const audits = w.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.message === 'audit' && l.account === outsider);
    expect(audits).toEqual([]);
  });

  it('assumes member roles with the external id from Secrets Manager, as a session named for the Slack user', async () => {
    const { CreateSecretCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const secretArn = (
      await new SecretsManagerClient({}).send(
        new CreateSecretCommand({ Name: 'lamplighter/member-external-id', SecretString: SECRET }),
      )
    ).ARN!;
    /** What moto recorded of each AssumeRole (its model dump): the session and the external id. */
    const sessions = async () => {
      const res = await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`);
      const data = (await res.json()) as { sts?: { AssumedRole?: Array<Record<string, unknown>> } };
      return (data.sts?.AssumedRole ?? []).map((r) => ({
        session: r.session_name,
        externalId: r.external_id,
        role: r.role_arn,
      }));
    };
    const before = (await sessions()).length;
    // The plain variable is not set: only the secret's ARN, as the template passes it.
    const env = {
      MEMBER_EXTERNAL_ID: '',
      MEMBER_EXTERNAL_ID_SECRET_ARN: secretArn,
      LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }),
    };
    await withServe(env, async (send) => {
      for (const user of ['U0ALICE001', 'U0BOB00001']) {
        const responseUrl = w.slack.responseUrl();
        const body = slashCommandBody({ command: '/alarms', text: '--account prod-payments', responseUrl, user });
        expect(await send(body, responseUrl)).toContain(`in prod-payments (${MEMBER})`);
      }
    });
    expect((await sessions()).slice(before)).toEqual([
      { session: 'lamplighter-U0ALICE001', externalId: SECRET, role: `arn:aws:iam::${MEMBER}:role/lamplighter-read` },
      { session: 'lamplighter-U0BOB00001', externalId: SECRET, role: `arn:aws:iam::${MEMBER}:role/lamplighter-read` },
    ]);
  });

  it('snapshots a volume of account 222222222222 with /snapshot --account: preview, confirm, created there', async () => {
    const memberEc2 = new EC2Client({ credentials: await inMember() });
    const vol = await memberEc2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
    const volumeId = vol.VolumeId!;
    const roles = JSON.stringify([{ role: 'operator', users: ['U0ALICE001'] }]);
    const env = { LAMPLIGHTER_ROLES: roles, LAMPLIGHTER_ACCOUNTS: JSON.stringify({ [MEMBER]: 'prod-payments' }) };
    await withServe(env, async (send) => {
      const preview = w.slack.responseUrl();
      const shown = await send(
        slashCommandBody({
          command: '/snapshot',
          text: `${volumeId} --account prod-payments before the fix`,
          responseUrl: preview,
        }),
        preview,
      );
      expect(shown).toContain(`of \`${volumeId}\` in prod-payments (${MEMBER})?`);
      // Not in the central account: the same id is unknown there.
      const here = w.slack.responseUrl();
      expect(await send(slashCommandBody({ command: '/snapshot', text: volumeId, responseUrl: here }), here)).toContain(
        'Nothing to snapshot',
      );
      const confirm = w.slack.responseUrl();
      const started = await send(
        buttonBody({ actionId: 'snapshot_confirm', value: confirmValue(preview), responseUrl: confirm }),
        confirm,
      );
      expect(started).toContain('Started 1 snapshot');
    });
    const made = await memberEc2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'volume-id', Values: [volumeId] }] }),
    );
    expect(made.Snapshots?.[0]?.Tags).toEqual(expect.arrayContaining([{ Key: 'Reason', Value: 'before the fix' }]));
  });

  it('checks a spend reminder’s resource in the account it was created in, through its read role', async () => {
    // A table created in account 222…, and one of the same name nowhere: the reminder says which.
    await createStateTable('member-events', new DynamoDBClient({ credentials: await inMember() }));
    const aws = createSlackAppAws(TABLE, createMemberAccess(settings));
    const slack = createSlackClient({ token: TOKEN, apiUrl: w.slack.apiUrl, timeoutMs: 2000 });
    const posted = await slack.postMessage(DEFAULT_CHANNEL, { text: 'DynamoDB table member-events' });
    const due = new Date(Date.now() - 60_000);
    for (const [eventId, accountId] of [
      ['member-remind-1', MEMBER],
      ['member-remind-2', undefined],
    ] as const)
      await aws.stores!.reminders.putReminder({
        dueAt: due,
        channel: posted.channel,
        ts: posted.ts,
        user: 'U0ALICE001',
        reminder: {
          eventId,
          service: 'dynamodb',
          region: 'us-east-1',
          ...(accountId ? { accountId } : {}),
          resourceKind: 'DynamoDB table',
          resourceId: 'member-events',
        },
      });
    const result = await sweep({
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      resources: createResourceChecker(createMemberAccess(settings)),
      slack,
      now: () => new Date(),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    });
    expect(result).toMatchObject({ remindersSent: 2, failures: 0 });
    const replies = w.slack.messages.filter((m) => m.threadTs === posted.ts).map((m) => m.text);
    expect(replies).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DynamoDB table member-events still exists'),
        expect.stringContaining('DynamoDB table member-events is gone'),
      ]),
    );
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

  it('opens its console links in account 222222222222 through the access portal, when one is configured', async () => {
    const at = w.clock;
    await notifier({ CONSOLE_START_URL: 'https://acme.awsapps.com/start', CONSOLE_ROLE_NAME: 'ReadOnlyAccess' }).handle(
      memberAlarm('member-portal-1', at, 'payments-5xx'),
      soon(),
    );
    const shown = JSON.stringify(topLevel()[0]!.attachments);
    expect(shown).toContain(
      `https://acme.awsapps.com/start/#/console?account_id=${MEMBER}&role_name=ReadOnlyAccess&destination=https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fcloudwatch`,
    );
    expect(shown).not.toMatch(/<https:\/\/us-east-1\.console\.aws\.amazon\.com/);
  });
});
