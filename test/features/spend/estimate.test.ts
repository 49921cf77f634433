import { estimateCreation } from '../../../src/features/spend/estimate';
import { parseCloudTrailEvent, type CloudTrailEvent } from '../../../src/kernel/envelopes/cloudtrail';
import { loadFixture } from '../../support/fixtures';

function event(fixture: string, edit: (e: CloudTrailEvent) => void = () => {}): CloudTrailEvent {
  const parsed = parseCloudTrailEvent(loadFixture(fixture));
  if (!parsed) throw new Error(`${fixture} is not a CloudTrail event`);
  edit(parsed);
  return parsed;
}

const monthly = (e: CloudTrailEvent) => estimateCreation(e).monthly;

describe('estimates against hand-computed figures (730 hours a month)', () => {
  it('DynamoDB, 1,000 RCU + 1,000 WCU in us-east-1: 1000×0.00013 + 1000×0.00065 = $0.78/h, $569.40/month', () => {
    const estimate = estimateCreation(event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'));
    expect(estimate.hourly).toBeCloseTo(0.78, 10);
    expect(estimate.monthly).toBeCloseTo(569.4, 8);
    expect(estimate.summary).toBe('1,000 RCU + 1,000 WCU provisioned');
    expect(estimate.resourceId).toBe('analytics-events');
  });

  it('the same table in eu-west-1: 1000×0.000147 + 1000×0.000735 = $0.882/h, $643.86/month', () => {
    expect(
      monthly(
        event(
          'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json',
          (e) => (e.region = 'eu-west-1'),
        ),
      ),
    ).toBeCloseTo(643.86, 8);
  });

  it('adds global secondary indexes to the table capacity', () => {
    const e = event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
      e.requestParameters.globalSecondaryIndexes = [
        { indexName: 'by-user', provisionedThroughput: { readCapacityUnits: 500, writeCapacityUnits: 500 } },
      ];
    });
    // (1500×0.00013 + 1500×0.00065) × 730 = 854.10
    expect(monthly(e)).toBeCloseTo(854.1, 8);
  });

  it('flags an on-demand table as usage-priced, with no monthly figure', () => {
    const estimate = estimateCreation(
      event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
        e.requestParameters.billingMode = 'PAY_PER_REQUEST';
      }),
    );
    expect(estimate).toMatchObject({ usagePriced: true, monthly: undefined, summary: 'on-demand capacity' });
  });

  it('two p3.2xlarge GPU instances: 2 × $3.06 = $6.12/h, $4,467.60/month', () => {
    expect(monthly(event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json'))).toBeCloseTo(4467.6, 8);
  });

  it('a NAT gateway in eu-west-1: $0.048/h = $35.04/month, plus data processed', () => {
    const estimate = estimateCreation(event('lamplighter/cloudtrail-record-ec2-createnatgateway.json'));
    expect(estimate.monthly).toBeCloseTo(35.04, 8);
    expect(estimate.usagePriced).toBe(true);
    expect(estimate.resourceId).toBe('nat-0123456789abcdef0');
  });

  it('a 500 GB io2 volume at 10,000 IOPS: 500×0.125 + 10000×0.065 = $712.50/month', () => {
    expect(monthly(event('lamplighter/cloudtrail-record-ec2-createvolume-io2.json'))).toBeCloseTo(712.5, 8);
  });

  it('Redshift: 4 × ra3.4xlarge in us-east-1 = 4 × $3.26 × 730 = $9,519.20/month', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-redshift-createcluster.json', (e) => {
      e.region = 'us-east-1';
      e.requestParameters.nodeType = 'ra3.4xlarge';
      e.requestParameters.numberOfNodes = 4;
    });
    expect(monthly(e)).toBeCloseTo(9519.2, 8);
  });

  it('RDS Multi-AZ db.m5.large with 100 GB gp2: (2×0.171 + 200×0.115/730) × 730 = $272.66/month', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-rds-createdbinstance.json', (e) => {
      Object.assign(e.requestParameters, {
        dBInstanceClass: 'db.m5.large',
        multiAZ: true,
        allocatedStorage: 100,
        storageType: 'gp2',
      });
    });
    expect(monthly(e)).toBeCloseTo(272.66, 8);
  });

  it('DAX: 3 × dax.r4.large in us-west-2 = 3 × $0.269 × 730 = $589.11/month', () => {
    expect(monthly(event('awsdocs/eventbridge-cloudtrail-dax-createcluster.json'))).toBeCloseTo(589.11, 8);
  });

  it('EKS: the control plane at $0.10/h in any region = $73/month', () => {
    expect(
      monthly(event('awsdocs/eventbridge-cloudtrail-eks-createcluster.json', (e) => (e.region = 'ap-south-1'))),
    ).toBeCloseTo(73, 8);
  });
});

describe('request shapes as CloudTrail logs them', () => {
  const withParams = (fixture: string, params: Record<string, unknown>, response: Record<string, unknown> = {}) =>
    event(fixture, (e) => {
      e.requestParameters = params;
      e.responseElements = response;
    });

  it('RunInstances with no response: the count comes from instancesSet.items[0].minCount', () => {
    const e = withParams('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', {
      instanceType: 'p3.2xlarge',
      instancesSet: { items: [{ imageId: 'ami-1', minCount: 5, maxCount: 5 }] },
    });
    expect(estimateCreation(e)).toMatchObject({ summary: '5 instances of p3.2xlarge' });
    expect(monthly(e)).toBeCloseTo(5 * 3.06 * 730, 8);
  });

  it('CreateClusterV2 (MSK) reads the provisioned block: 6 × kafka.m5.large and 1,000 GB each', () => {
    const e = event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (e) => {
      Object.assign(e, { service: 'kafka', eventName: 'CreateClusterV2' });
      e.requestParameters = {
        clusterName: 'events',
        provisioned: {
          numberOfBrokerNodes: 6,
          brokerNodeGroupInfo: {
            instanceType: 'kafka.m5.large',
            storageInfo: { ebsStorageInfo: { volumeSize: 1000 } },
          },
        },
      };
    });
    // 6 × 0.21 × 730 + 6000 GB × 0.10 = 919.80 + 600
    expect(monthly(e)).toBeCloseTo(1519.8, 8);
  });

  it('a node group whose type is in a launch template is "price unknown", not a guess', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-eks-createcluster.json', (e) => {
      Object.assign(e, { eventName: 'CreateNodegroup', region: 'us-east-1' });
      e.requestParameters = {
        nodegroupName: 'gpu',
        launchTemplate: { name: 'gpu-nodes' },
        scalingConfig: { desiredSize: 4 },
      };
    });
    const estimate = estimateCreation(e);
    expect(estimate.monthly).toBeUndefined();
    expect(estimate.notes).toContain('the instance type is set in the launch template, not in this event');
  });

  it('a replication group counts 1 + replicaCount nodes per shard from nodeGroupConfiguration', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-elasticache-createcachecluster.json', (e) => {
      Object.assign(e, { eventName: 'CreateReplicationGroup', region: 'us-east-1' });
      e.requestParameters = {
        replicationGroupId: 'sessions',
        cacheNodeType: 'cache.r6g.large',
        nodeGroupConfiguration: [{ replicaCount: 2 }, { replicaCount: 2 }, { replicaCount: 2 }],
      };
    });
    expect(estimateCreation(e).summary).toBe('9 nodes of cache.r6g.large');
    expect(monthly(e)).toBeCloseTo(9 * 0.206 * 730, 8);
  });

  it('io2 IOPS are tiered: 100,000 IOPS = 32,000×0.065 + 32,000×0.0455 + 36,000×0.032 a month', () => {
    const e = event('lamplighter/cloudtrail-record-ec2-createvolume-io2.json', (e) => {
      e.requestParameters = { size: 4000, volumeType: 'io2', iops: 100_000 };
    });
    expect(monthly(e)).toBeCloseTo(4000 * 0.125 + 32_000 * 0.065 + 32_000 * 0.0455 + 36_000 * 0.032, 6);
  });

  it('a restored database takes its storage from the response', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-rds-createdbinstance.json', (e) => {
      e.eventName = 'RestoreDBInstanceFromDBSnapshot';
      e.requestParameters = {
        dBInstanceIdentifier: 'orders-restore',
        dBInstanceClass: 'db.m5.large',
        engine: 'mysql',
      };
      e.responseElements = { allocatedStorage: 1000, storageType: 'gp3', multiAZ: false };
    });
    expect(monthly(e)).toBeCloseTo(0.171 * 730 + 1000 * 0.115, 8);
  });

  it("prices each engine by its own figure: PostgreSQL is not given MySQL's price", () => {
    const e = event('awsdocs/eventbridge-cloudtrail-rds-createdbinstance.json', (e) => {
      Object.assign(e.requestParameters, { dBInstanceClass: 'db.m5.large', engine: 'postgres' });
    });
    const estimate = estimateCreation(e);
    // PostgreSQL's own list price (the bundled 2021 RDS table), not MySQL's $0.171.
    expect(estimate.lines[0]).toEqual({ label: 'db.m5.large', hourly: 0.178 });
  });

  it('licence-included engines are "price unknown" however they are spelled', () => {
    const e = event('awsdocs/eventbridge-cloudtrail-rds-createdbinstance.json', (e) => {
      Object.assign(e.requestParameters, { dBInstanceClass: 'db.m5.large', engine: 'custom-oracle-ee' });
    });
    expect(monthly(e)).toBeUndefined();
  });
});

describe('unknown types and regions say "price unknown" and still warn', () => {
  it.each([
    [
      'a retired Redshift node type (dc1.large)',
      'awsdocs/eventbridge-cloudtrail-redshift-createcluster.json',
      'price unknown for dc1.large in us-east-2',
    ],
    [
      'a retired ElastiCache node type (cache.m1.small, Memcached)',
      'awsdocs/eventbridge-cloudtrail-elasticache-createcachecluster.json',
      'price unknown for cache.m1.small in us-west-2',
    ],
    [
      'a region with no price list (us-west-1)',
      'awsdocs/eventbridge-cloudtrail-opensearch-createelasticsearchdomain.json',
      'price unknown for m4.large.search in us-west-1',
    ],
    [
      'a SageMaker endpoint, whose type is not in the event',
      'awsdocs/eventbridge-cloudtrail-sagemaker-createendpoint.json',
      'the instance type lives in the endpoint config ExampleEndpointConfig',
    ],
  ])('%s', (_name, fixture, note) => {
    const estimate = estimateCreation(event(fixture));
    expect(estimate.monthly).toBeUndefined();
    expect(estimate.notes.join(' ')).toContain(note);
  });
});
