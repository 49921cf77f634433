/**
 * On-demand list prices Lamplighter estimates with, in USD. Hourly unless the unit says otherwise.
 *
 * Provenance: AWS's public on-demand pricing pages named in each `source`, Linux / open-source
 * engines, shared tenancy, as published around `asOf`. They were compiled by hand (this build
 * has no network access to the Price List API) and are estimates for early warning, not
 * invoices: a type or region that is not listed is reported as "price unknown", never guessed.
 * us-east-1, us-east-2 and us-west-2 share one price list for every service below.
 */
export interface PriceList {
  /** When the figures were read. */
  asOf: string;
  source: string;
  unit: string;
  /** region code (or '*' for every region) → type → price */
  regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const US = ['us-east-1', 'us-east-2', 'us-west-2'] as const;

function inRegions(regions: readonly string[], prices: Record<string, number>): Record<string, Record<string, number>> {
  return Object.fromEntries(regions.map((r) => [r, prices]));
}

const AS_OF = '2025-06-01';

export const PRICES = {
  ec2: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/',
    unit: 'instance-hour (Linux)',
    regions: {
      ...inRegions(US, {
        't3.nano': 0.0052,
        't3.micro': 0.0104,
        't3.small': 0.0208,
        't3.medium': 0.0416,
        't3.large': 0.0832,
        't3.xlarge': 0.1664,
        't3.2xlarge': 0.3328,
        't4g.micro': 0.0084,
        't4g.small': 0.0168,
        't4g.medium': 0.0336,
        't4g.large': 0.0672,
        'm5.large': 0.096,
        'm5.xlarge': 0.192,
        'm5.2xlarge': 0.384,
        'm5.4xlarge': 0.768,
        'm5.8xlarge': 1.536,
        'm5.12xlarge': 2.304,
        'm5.24xlarge': 4.608,
        'm6i.large': 0.096,
        'm6i.xlarge': 0.192,
        'm6i.2xlarge': 0.384,
        'm6g.large': 0.077,
        'm6g.xlarge': 0.154,
        'm7g.large': 0.0816,
        'm7i.large': 0.1008,
        'c5.large': 0.085,
        'c5.xlarge': 0.17,
        'c5.2xlarge': 0.34,
        'c5.4xlarge': 0.68,
        'c6i.large': 0.085,
        'c6g.large': 0.068,
        'c7g.large': 0.0725,
        'r5.large': 0.126,
        'r5.xlarge': 0.252,
        'r5.2xlarge': 0.504,
        'r6i.large': 0.126,
        'r6g.large': 0.1008,
        'x1e.32xlarge': 26.688,
        'u-6tb1.112xlarge': 109.2,
        // GPU and accelerator instances: the usual surprise on a bill.
        'g4dn.xlarge': 0.526,
        'g4dn.2xlarge': 0.752,
        'g4dn.12xlarge': 3.912,
        'g4dn.metal': 7.824,
        'g5.xlarge': 1.006,
        'g5.2xlarge': 1.212,
        'g5.12xlarge': 5.672,
        'g5.48xlarge': 16.288,
        'g6.xlarge': 0.8048,
        'p3.2xlarge': 3.06,
        'p3.8xlarge': 12.24,
        'p3.16xlarge': 24.48,
        'p4d.24xlarge': 32.7726,
        'p5.48xlarge': 98.32,
        'inf2.xlarge': 0.7582,
        'trn1.32xlarge': 21.5,
      }),
      'eu-west-1': {
        't3.micro': 0.0114,
        't3.medium': 0.0456,
        't3.large': 0.0912,
        'm5.large': 0.107,
        'm5.xlarge': 0.214,
        'm5.2xlarge': 0.428,
        'c5.large': 0.096,
        'c5.xlarge': 0.192,
        'r5.large': 0.141,
        'r5.xlarge': 0.282,
        'g4dn.xlarge': 0.587,
        'p3.2xlarge': 3.305,
      },
    },
  },
  ebs: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/ebs/pricing/',
    unit: 'GB-month (storage) or IOPS-month / MBps-month (provisioned performance)',
    regions: {
      ...inRegions(US, {
        gp3: 0.08,
        gp2: 0.1,
        io1: 0.125,
        io2: 0.125,
        st1: 0.045,
        sc1: 0.015,
        standard: 0.05,
        'io1-iops': 0.065,
        'io2-iops': 0.065,
        'io2-iops-tier2': 0.0455,
        'io2-iops-tier3': 0.032,
        'gp3-iops': 0.005,
        'gp3-throughput': 0.04,
      }),
      'eu-west-1': {
        gp3: 0.088,
        gp2: 0.11,
        io1: 0.138,
        io2: 0.138,
        'io1-iops': 0.072,
        'io2-iops': 0.072,
        'io2-iops-tier2': 0.0504,
        'io2-iops-tier3': 0.0353,
        'gp3-iops': 0.0055,
        'gp3-throughput': 0.044,
      },
    },
  },
  natGateway: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/vpc/pricing/',
    unit: 'NAT gateway-hour (data processed is billed per GB on top)',
    regions: { ...inRegions(US, { gateway: 0.045 }), 'eu-west-1': { gateway: 0.048 } },
  },
  dynamodb: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/',
    unit: 'capacity unit-hour (provisioned, standard table class)',
    regions: { ...inRegions(US, { wcu: 0.00065, rcu: 0.00013 }), 'eu-west-1': { wcu: 0.000735, rcu: 0.000147 } },
  },
  rds: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/rds/mysql/pricing/ (MySQL, PostgreSQL and MariaDB are priced alike)',
    unit: 'instance-hour, Single-AZ (Multi-AZ doubles it)',
    regions: inRegions(US, {
      'db.t3.micro': 0.017,
      'db.t3.small': 0.034,
      'db.t3.medium': 0.068,
      'db.t3.large': 0.136,
      'db.t4g.micro': 0.016,
      'db.t4g.medium': 0.065,
      'db.m5.large': 0.171,
      'db.m5.xlarge': 0.342,
      'db.m5.2xlarge': 0.684,
      'db.m5.4xlarge': 1.368,
      'db.m6g.large': 0.152,
      'db.m6i.large': 0.171,
      'db.r5.large': 0.25,
      'db.r5.xlarge': 0.5,
      'db.r5.2xlarge': 1.0,
      'db.r5.4xlarge': 2.0,
      'db.r6g.large': 0.225,
      'db.r6g.xlarge': 0.45,
      'db.r6i.large': 0.25,
    }),
  },
  rdsStorage: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/rds/mysql/pricing/',
    unit: 'GB-month Single-AZ (Multi-AZ doubles it), or IOPS-month',
    regions: inRegions(US, {
      gp2: 0.115,
      gp3: 0.115,
      io1: 0.125,
      io2: 0.125,
      standard: 0.1,
      'io1-iops': 0.1,
      'io2-iops': 0.1,
    }),
  },
  aurora: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/rds/aurora/pricing/',
    unit: 'instance-hour (Aurora Standard; storage and I/O are usage-billed); "acu" is per ACU-hour (Serverless v2)',
    regions: inRegions(US, {
      'db.t3.medium': 0.082,
      'db.t4g.medium': 0.073,
      'db.r5.large': 0.29,
      'db.r5.xlarge': 0.58,
      'db.r5.2xlarge': 1.16,
      'db.r6g.large': 0.26,
      'db.r6g.xlarge': 0.519,
      'db.r6i.large': 0.29,
      'db.r7g.large': 0.276,
      acu: 0.12,
    }),
  },
  redshift: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/redshift/pricing/',
    unit: 'node-hour',
    regions: inRegions(US, {
      'dc2.large': 0.25,
      'dc2.8xlarge': 4.8,
      'ra3.large': 0.543,
      'ra3.xlplus': 1.086,
      'ra3.4xlarge': 3.26,
      'ra3.16xlarge': 13.04,
    }),
  },
  elasticache: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/elasticache/pricing/',
    unit: 'node-hour',
    regions: inRegions(US, {
      'cache.t3.micro': 0.017,
      'cache.t3.small': 0.034,
      'cache.t3.medium': 0.068,
      'cache.t4g.micro': 0.016,
      'cache.t4g.medium': 0.065,
      'cache.m5.large': 0.156,
      'cache.m5.xlarge': 0.311,
      'cache.m6g.large': 0.149,
      'cache.r5.large': 0.216,
      'cache.r5.xlarge': 0.431,
      'cache.r6g.large': 0.206,
      'cache.r6g.xlarge': 0.411,
    }),
  },
  opensearch: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/opensearch-service/pricing/',
    unit: 'instance-hour; "gp2"/"gp3" are per GB-month of EBS',
    regions: inRegions(US, {
      't3.small.search': 0.036,
      't3.medium.search': 0.073,
      'm5.large.search': 0.142,
      'm5.xlarge.search': 0.283,
      'm6g.large.search': 0.128,
      'c5.large.search': 0.125,
      'r5.large.search': 0.186,
      'r5.xlarge.search': 0.372,
      'r6g.large.search': 0.167,
      'r6g.xlarge.search': 0.335,
      gp2: 0.135,
      gp3: 0.122,
    }),
  },
  sagemaker: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/sagemaker/pricing/',
    unit: 'instance-hour (real-time inference and notebook instances)',
    regions: inRegions(US, {
      'ml.t2.medium': 0.0464,
      'ml.t3.medium': 0.05,
      'ml.m5.large': 0.115,
      'ml.m5.xlarge': 0.23,
      'ml.m5.2xlarge': 0.461,
      'ml.c5.xlarge': 0.204,
      'ml.g4dn.xlarge': 0.736,
      'ml.g4dn.12xlarge': 5.474,
      'ml.g5.xlarge': 1.408,
      'ml.g5.12xlarge': 7.09,
      'ml.p3.2xlarge': 3.825,
      'ml.p4d.24xlarge': 37.688,
    }),
  },
  eks: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/eks/pricing/',
    unit: 'cluster-hour (standard support)',
    regions: { '*': { cluster: 0.1 } },
  },
  kinesis: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/kinesis/data-streams/pricing/',
    unit: 'shard-hour (provisioned) or stream-hour (on-demand, plus per-GB usage)',
    regions: inRegions(US, { shard: 0.015, 'on-demand-stream': 0.04 }),
  },
  msk: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/msk/pricing/',
    unit: 'broker-hour; "storage" is per GB-month',
    regions: inRegions(US, {
      'kafka.t3.small': 0.0456,
      'kafka.m5.large': 0.21,
      'kafka.m5.xlarge': 0.42,
      'kafka.m5.2xlarge': 0.84,
      'kafka.m7g.large': 0.204,
      storage: 0.1,
    }),
  },
  dax: {
    asOf: AS_OF,
    source: 'https://aws.amazon.com/dynamodb/pricing/provisioned/ (DynamoDB Accelerator)',
    unit: 'node-hour',
    regions: inRegions(US, {
      'dax.t3.small': 0.04,
      'dax.t3.medium': 0.081,
      'dax.r4.large': 0.269,
      'dax.r5.large': 0.257,
      'dax.r5.xlarge': 0.514,
    }),
  },
} satisfies Record<string, PriceList>;

export type PricedService = keyof typeof PRICES;

export const HOURS_PER_MONTH = 730;

/** The listed price, or undefined: callers say "price unknown" rather than guess. */
export function listPrice(service: PricedService, region: string, type: string): number | undefined {
  const list: PriceList = PRICES[service];
  return list.regions[region]?.[type] ?? list.regions['*']?.[type];
}
