import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
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

/** moto's organisation for this suite, made by the first test that needs it. */
async function organisation(): Promise<OrganizationsClient> {
  const orgs = new OrganizationsClient({ region: 'us-east-1' });
  await orgs
    .send(new DescribeOrganizationCommand({}))
    .catch(() => orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })));
  return orgs;
}

async function newAccount(orgs: OrganizationsClient, name: string): Promise<string> {
  const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  const status = await orgs.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
  );
  return status.CreateAccountStatus!.AccountId!;
}

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
    const orgs = await organisation();
    const account = await newAccount(orgs, 'staging-web');
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

  it('routes by organisational unit: a rule naming an OU (by name or id) matches the accounts anywhere beneath it', async () => {
    const orgs = await organisation();
    const root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const workloads = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' })))
      .OrganizationalUnit!.Id!;
    const payments = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'payments' })))
      .OrganizationalUnit!.Id!;
    const inPayments = await newAccount(orgs, 'payments-prod');
    await orgs.send(
      new MoveAccountCommand({ AccountId: inPayments, SourceParentId: root, DestinationParentId: payments }),
    );
    const atRoot = await newAccount(orgs, 'sandbox-1');
    const notifier = app({
      ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true',
      LAMPLIGHTER_ROUTES: JSON.stringify([
        { name: 'workloads', ou: 'workloads', channel: 'C0WORKLOAD' },
        { name: 'by id', ou: payments, channel: 'C0NEVERHIT' },
      ]),
    });
    await notifier.handle(
      alarmEvent('ou-routed', 'ALARM', w.clock, 'ou-1', inAccount(inPayments, 'ou-routed')),
      soon(),
    );
    await notifier.handle(alarmEvent('ou-root', 'ALARM', w.clock, 'ou-2', inAccount(atRoot, 'ou-root')), soon());
    expect(topLevel('C0WORKLOAD').map((m) => m.text)).toEqual([expect.stringContaining('ou-routed')]);
    expect(topLevel(DEFAULT_CHANNEL).some((m) => m.text.includes('ou-root'))).toBe(true);

    const byId = app({
      ACCOUNT_NAMES_FROM_ORGANIZATIONS: 'true',
      LAMPLIGHTER_ROUTES: JSON.stringify([{ ou: payments, channel: 'C0PAYMENTS' }]),
    });
    await byId.handle(alarmEvent('ou-by-id', 'ALARM', w.clock, 'ou-3', inAccount(inPayments, 'ou-by-id')), soon());
    expect(topLevel('C0PAYMENTS').map((m) => m.text)).toEqual([expect.stringContaining('ou-by-id')]);

    // Without Organizations, a rule by ou could never match: it fails at start-up, by name.
    expect(() => app({ LAMPLIGHTER_ROUTES: JSON.stringify([{ ou: 'workloads', channel: 'C0WORKLOAD' }]) })).toThrow(
      'LAMPLIGHTER_ROUTES[0].ou: needs ACCOUNT_NAMES_FROM_ORGANIZATIONS=true',
    );
  });
});
