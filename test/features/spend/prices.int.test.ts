/* eslint-disable @typescript-eslint/no-explicit-any -- CloudTrail fixtures are edited in place, at any depth */
import { CreateLaunchTemplateCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { startPriceListServer, type PriceListServer } from '../../../src/sandbox/price-list/server';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../../support/aws';
import { loadFixture } from '../../support/fixtures';
import { ROOT } from '../../support/paths';
import { CATALOGUE } from '../../support/price-catalogue';

/**
 * The deployed path of prices: the built cost-guard bundle, pointed at a Price List stand-in by
 * the SDK's own AWS_ENDPOINT_URL_PRICING, its cache in moto's DynamoDB, SageMaker endpoint
 * configs and launch templates in moto.
 */
const TABLE = 'prices-state';
const MEMBER = '222222222222';
const MEMBER_SECRET = 'prices-external-id';
const TOKEN = 'xoxb-prices-token';
const CHANNEL = 'C0SPEND001';
const BUNDLE = join(ROOT, 'dist', 'cost-guard', 'index.js');
type Handler = (event: unknown, context: Context) => Promise<{ delivered: number }>;

let slack: SlackApiServer;
let prices: PriceListServer;
let handler: Handler;
let logged: string[];
const today = new Date().toISOString().slice(0, 10);
let seq = 0;

const context = { getRemainingTimeInMillis: () => 25_000 } as Context;

/**
 * A CloudTrail record as EventBridge delivers it straight to the function: the envelope's
 * `account` is the account the call was made in (EventBridge sets it to the real sender).
 */
function viaEventBridge(record: Record<string, unknown>, sender?: string) {
  const id = `prices-${++seq}`;
  return {
    version: '0',
    id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(record.eventSource).split('.')[0]}`,
    account: sender ?? (typeof record.recipientAccountId === 'string' ? record.recipientAccountId : '123456789012'),
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: { ...record, eventID: id },
  };
}

function record(fixture: string, edit: (r: Record<string, any>) => void): Record<string, unknown> {
  const raw = loadFixture<Record<string, any>>(fixture);
  const r = (raw.detail ?? raw) as Record<string, any>;
  edit(r);
  return r;
}

/** What the warning says: its headline figure and where the figure came from. */
async function warn(r: Record<string, unknown>, run: Handler = handler, sender?: string) {
  const before = slack.messages.length;
  await run(viaEventBridge(r, sender), context);
  const posted = slack.messages.slice(before).filter((m) => !m.threadTs);
  expect(posted).toHaveLength(1);
  return JSON.stringify(posted[0]!.attachments);
}

const ec2 = (type: string, region: string, count = 1) =>
  record('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (r) => {
    r.awsRegion = region;
    r.requestParameters.instanceType = type;
    r.requestParameters.instancesSet.items[0].minCount = count;
    r.requestParameters.instancesSet.items[0].maxCount = count;
    r.responseElements.instancesSet.items = r.responseElements.instancesSet.items
      .slice(0, 1)
      .concat(Array.from({ length: count - 1 }, () => r.responseElements.instancesSet.items[0]))
      .map((i: Record<string, unknown>) => ({ ...i, instanceType: type }));
  });

beforeAll(async () => {
  await resetMoto();
  await createStateTable(TABLE);
  slack = await startSlackApiServer({ token: TOKEN });
  prices = await startPriceListServer(CATALOGUE, { pageSize: 2 });
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: CHANNEL,
    TABLE_NAME: TABLE,
    AWS_ENDPOINT_URL_PRICING: prices.endpoint,
    PRICE_LIST_TIMEOUT_MS: '400',
  });
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as Lambda loads it
  handler = (require(BUNDLE) as { handler: Handler }).handler;
});

afterAll(async () => {
  jest.restoreAllMocks();
  await prices.close();
  await slack.close();
  for (const k of [
    'SLACK_BOT_TOKEN',
    'SLACK_API_URL',
    'SLACK_DEFAULT_CHANNEL',
    'TABLE_NAME',
    'AWS_ENDPOINT_URL_PRICING',
    'PRICE_LIST_TIMEOUT_MS',
  ])
    delete process.env[k];
});

beforeEach(() => {
  prices.reset();
});

describe('spend warnings at list price from the AWS Price List API', () => {
  const source = `AWS list price, Price List API, looked up ${today}`;

  it('prices EC2 Linux on-demand exactly, past Windows, RHEL, dedicated and reserved look-alikes', async () => {
    const shown = await warn(ec2('m5.large', 'eu-central-1', 2));
    expect(shown).toContain('$0.23/hour · about $167.90/month'); // 2 × $0.115 × 730
    expect(shown).toContain(source);
    expect(prices.calls[0]).toMatchObject({
      serviceCode: 'AmazonEC2',
      filters: expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-1' },
      ]),
    });
  });

  it('a second creation of the same product asks the Price List nothing: the price is cached', async () => {
    const shown = await warn(ec2('m5.large', 'eu-central-1', 3));
    expect(shown).toContain('about $251.85/month'); // 3 × 0.115 × 730
    expect(prices.calls).toEqual([]);
  });

  it('prices RDS by its engine (PostgreSQL, not MySQL) with its gp3 storage', async () => {
    const shown = await warn(
      record('awsdocs/eventbridge-cloudtrail-rds-createdbinstance.json', (r) => {
        Object.assign(r.requestParameters, {
          dBInstanceClass: 'db.m5.large',
          engine: 'postgres',
          allocatedStorage: 100,
          storageType: 'gp3',
          multiAZ: false,
        });
      }),
    );
    expect(shown).toContain('about $141.44/month'); // 0.178 × 730 + 100 × 0.115
    expect(shown).toContain(source);
  });

  it('prices Valkey at its own, lower price', async () => {
    const shown = await warn(
      record('awsdocs/eventbridge-cloudtrail-elasticache-createcachecluster.json', (r) => {
        Object.assign(r.requestParameters, { engine: 'valkey', cacheNodeType: 'cache.r6g.large', numCacheNodes: 2 });
      }),
    );
    expect(shown).toContain('about $240.61/month'); // 2 × 0.1648 × 730
  });

  it('prices DynamoDB provisioned capacity past the free tier and the Standard-IA units', async () => {
    const shown = await warn(
      record('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (r) => {
        r.awsRegion = 'eu-central-1';
      }),
    );
    expect(shown).toContain('about $685.91/month'); // 1,000 × (0.0001566 + 0.000783) × 730
  });

  it('prices NAT gateway hours, not the per-GB charge, and Redshift nodes', async () => {
    expect(
      await warn(
        record('lamplighter/cloudtrail-record-ec2-createnatgateway.json', () => {
          /* eu-west-1 already */
        }),
      ),
    ).toContain('about $35.04/month');
    const shown = await warn(
      record('awsdocs/eventbridge-cloudtrail-redshift-createcluster.json', (r) => {
        r.awsRegion = 'us-east-1';
        Object.assign(r.requestParameters, { nodeType: 'ra3.4xlarge', numberOfNodes: 2 });
        r.responseElements = { ...r.responseElements, nodeType: 'ra3.4xlarge', numberOfNodes: 2 };
      }),
    );
    expect(shown).toContain('about $4,760/month'); // 2 × 3.26 × 730
  });

  it('reads a SageMaker endpoint config for its instances, and prices them as hosting', async () => {
    const sagemaker = new SageMakerClient({ region: 'us-east-1' });
    await sagemaker.send(
      new CreateModelCommand({
        ModelName: 'fraud-model',
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
        PrimaryContainer: { Image: '123456789012.dkr.ecr.us-west-2.amazonaws.com/fraud:1' },
      }),
    );
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ExampleEndpointConfig',
        ProductionVariants: [
          { VariantName: 'main', ModelName: 'fraud-model', InitialInstanceCount: 2, InstanceType: 'ml.g4dn.xlarge' },
        ],
      }),
    );
    const shown = await warn(
      record('awsdocs/eventbridge-cloudtrail-sagemaker-createendpoint.json', (r) => {
        r.awsRegion = 'us-east-1';
      }),
    );
    expect(shown).toContain('2 × ml.g4dn.xlarge');
    expect(shown).toContain('about $1,075/month'); // 2 × 0.736 × 730
  });

  it('reads the launch template when CloudTrail left the response out', async () => {
    const template = await new EC2Client({ region: 'eu-central-1' }).send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: { InstanceType: 'm5.large' } }),
    );
    const shown = await warn(
      record('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (r) => {
        r.awsRegion = 'eu-central-1';
        delete r.requestParameters.instanceType;
        r.requestParameters.launchTemplate = {
          launchTemplateId: template.LaunchTemplate!.LaunchTemplateId,
          version: '1',
        };
        r.requestParameters.instancesSet.items[0].minCount = 4;
        r.requestParameters.instancesSet.items[0].maxCount = 4;
        r.responseElements = null;
      }),
    );
    expect(logged.filter((l) => l.includes('could not read what the estimate needs'))).toEqual([]);
    expect(shown).toContain('4 instances of m5.large');
    expect(shown).toContain('about $335.80/month'); // 4 × 0.115 × 730
  });
});

/** Credentials in a member account, as its own people have them (moto acts in that account). */
async function inAccount(account: string) {
  const sts = await new STSClient({}).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/lamplighter-read`,
      RoleSessionName: 'member-admin',
      ExternalId: MEMBER_SECRET,
    }),
  );
  const c = sts.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** A deployment with the organisation set up: its own copy of the bundle, configured so at load. */
function orgBundle(): Handler {
  process.env.MEMBER_EXTERNAL_ID = MEMBER_SECRET;
  let orgHandler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as Lambda loads it
    orgHandler = (require(BUNDLE) as { handler: Handler }).handler;
  });
  delete process.env.MEMBER_EXTERNAL_ID;
  return orgHandler!;
}

describe('a creation in a member account', () => {
  it('reads its launch template in that account, through the member read role', async () => {
    // Only account 222… has this template: read in the central account, the type would be unknown.
    const template = await new EC2Client({ region: 'eu-central-1', credentials: await inAccount(MEMBER) }).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'batch',
        LaunchTemplateData: { InstanceType: 'c5.xlarge' },
      }),
    );
    const shown = await warn(
      record('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (r) => {
        r.awsRegion = 'eu-central-1';
        r.recipientAccountId = MEMBER;
        r.userIdentity.accountId = MEMBER;
        delete r.requestParameters.instanceType;
        r.requestParameters.launchTemplate = {
          launchTemplateId: template.LaunchTemplate!.LaunchTemplateId,
          version: '1',
        };
        r.responseElements = null;
      }),
      orgBundle(),
    );
    expect(logged.filter((l) => l.includes('could not read what the estimate needs'))).toEqual([]);
    expect(shown).toContain('c5.xlarge');
  });

  it("a forged event from one account claiming another is the sender's: read, priced and named there", async () => {
    const ATTACKER = '333333333333';
    // The same template name in both accounts: which one is read shows in the instance type.
    for (const [account, type] of [
      [MEMBER, 'p4d.24xlarge'],
      [ATTACKER, 'm5.large'],
    ] as const)
      await new EC2Client({ region: 'eu-central-1', credentials: await inAccount(account) }).send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'gpu-fleet',
          LaunchTemplateData: { InstanceType: type },
        }),
      );
    // PutEvents from 333… with a detail that says 222… made the call: EventBridge stamps the
    // envelope with the real sender, 333….
    const shown = await warn(
      record('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (r) => {
        r.awsRegion = 'eu-central-1';
        r.recipientAccountId = MEMBER;
        r.userIdentity.accountId = MEMBER;
        delete r.requestParameters.instanceType;
        r.requestParameters.launchTemplate = { launchTemplateName: 'gpu-fleet' };
        r.responseElements = null;
      }),
      orgBundle(),
      ATTACKER,
    );
    expect(shown).toContain('m5.large');
    expect(shown).not.toContain('p4d');
    expect(shown).toContain(ATTACKER);
    expect(shown).not.toContain(MEMBER);
  });
});

describe('when the Price List cannot answer, the warning still posts, with its source named', () => {
  it('falls back to the bundled figure when the API is slow, and says so', async () => {
    prices.failAlways({ delayMs: 1500 });
    const shown = await warn(ec2('p5.48xlarge', 'us-east-1'));
    expect(shown).toContain('about $40,179/month'); // the corrected list price: 55.04 × 730
    expect(shown).toContain('bundled list prices as of 2026-07-20');
    expect(shown).toContain('did not answer within 0.4 s');
  });

  it('falls back when pricing:GetProducts is denied, and logs the reason once, not per event', async () => {
    prices.failAlways({ error: 'AccessDeniedException' });
    const shown = await warn(ec2('t3.medium', 'us-east-1'));
    expect(shown).toContain('about $30.37/month'); // 0.0416 × 730, bundled
    expect(shown).toContain('bundled list prices as of');
    expect(shown).not.toContain('Price List API, looked up');
    await warn(ec2('t3.large', 'us-east-1'));
    expect(logged.filter((l) => l.includes('the Price List API is denied'))).toHaveLength(1);
  });

  it('takes two products with different prices for one query as no price', async () => {
    prices.failAlways(undefined);
    const shown = await warn(ec2('m6i.large', 'eu-central-1'));
    expect(shown).not.toContain('Price List API, looked up');
    expect(logged.some((l) => l.includes('more than one price'))).toBe(true);
  });
});
