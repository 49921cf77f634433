import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { loadFixture } from '../support/fixtures';
import { alarmEvent, app, DEFAULT_CHANNEL, soon, topLevel, useNotifierHarness, w } from '../support/notifier-harness';

useNotifierHarness();

const named = (account: string, name: string) => JSON.stringify({ [account]: name });
const inAccount = (account: string, name: string) => (a: Record<string, unknown>) => {
  a.AlarmArn = `arn:aws:cloudwatch:us-east-1:${account}:alarm:${name}`;
  a.AWSAccountId = account;
};

describe('accounts by name', () => {
  it('names the account in the alarm message, and routes by the name', async () => {
    const notifier = app({
      LAMPLIGHTER_ACCOUNTS: named('427809481713', 'prod-payments'),
      LAMPLIGHTER_ROUTES: JSON.stringify([{ channel: 'C0PAYMENTS', accountName: 'prod-payments' }]),
    });
    await notifier.handle(alarmEvent('named-account', 'ALARM', w.clock, 'acct-1'), soon());
    const [message] = topLevel('C0PAYMENTS');
    expect(JSON.stringify(message!.attachments)).toContain('*Account*\\nprod-payments (`427809481713`)');
  });

  it('names an AWS event’s account too', async () => {
    const finding = loadFixture<Record<string, unknown>>(
      'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json',
    );
    finding.id = 'a-finding-in-a-named-account';
    (finding.detail as Record<string, unknown>).id = 'a-named-finding';
    const account = String((finding.detail as { accountId: string }).accountId);
    await app({ GRAPHS_ENABLED: 'false', LAMPLIGHTER_ACCOUNTS: named(account, 'security-audit') }).handle(
      finding,
      soon(),
    );
    expect(JSON.stringify(topLevel()[0]!.attachments)).toContain(`security-audit (\`${account}\`)`);
  });

  it('reads the names of the organisation’s accounts from AWS Organizations; the configured ones win', async () => {
    const orgs = new OrganizationsClient({ region: 'us-east-1' });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await orgs.send(
      new CreateAccountCommand({ AccountName: 'staging-web', Email: 'staging-web@example.com' }),
    );
    const status = await orgs.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
    );
    const account = status.CreateAccountStatus!.AccountId!;
    const notifier = app({ ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true' });
    await notifier.handle(alarmEvent('org-named', 'ALARM', w.clock, 'acct-2', inAccount(account, 'org-named')), soon());
    expect(JSON.stringify(topLevel()[0]!.attachments)).toContain(`*Account*\\nstaging-web (\`${account}\`)`);

    const configured = app({
      ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true',
      LAMPLIGHTER_ACCOUNTS: named(account, 'web-stg'),
    });
    await configured.handle(
      alarmEvent('org-named-2', 'ALARM', w.clock, 'acct-3', inAccount(account, 'org-named-2')),
      soon(),
    );
    expect(JSON.stringify(topLevel(DEFAULT_CHANNEL)[1]!.attachments)).toContain(`web-stg (\`${account}\`)`);
  });

  it('posts a member account’s alarm change, as the organisation’s bus delivers it, with the account’s name', async () => {
    const member = '222222222222';
    const event = loadFixture<Record<string, unknown>>('awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json');
    Object.assign(event, {
      id: 'from-the-member-account',
      account: member,
      resources: [`arn:aws:cloudwatch:us-east-1:${member}:alarm:member-cpu`],
    });
    (event.detail as { alarmName: string }).alarmName = 'member-cpu';
    await app({ GRAPHS_ENABLED: 'false', LAMPLIGHTER_ACCOUNTS: named(member, 'prod-payments') }).handle(event, soon());
    const [message] = topLevel();
    expect(JSON.stringify(message!.attachments)).toContain(`*Account*\\nprod-payments (\`${member}\`)`);
    const delivered = w.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'delivered');
    expect(delivered).toMatchObject({ account: member, action: 'open' });
  });
});
