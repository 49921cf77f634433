import { own } from '../../../kernel/schema';
import type { PriceKey } from './key';

/**
 * How each product is asked of the AWS Price List Query API (GetProducts, TERM_MATCH filters),
 * and how its answer is read. Filters are exact so that one product matches; where a product
 * family holds several usage types (storage tiers, Standard-IA tables, I/O-Optimized Aurora),
 * `usage` picks the one meant. More than one price left is not a price: the caller falls back.
 */
export interface PriceListQuery {
  serviceCode: string;
  filters: Array<[field: string, value: string]>;
  /** Matches the product's `usagetype` (region-prefixed in the list, so matched by its end). */
  usage?: RegExp;
}

export const RDS_ENGINES: Record<string, string> = {
  mysql: 'MySQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

export const CACHE_ENGINES: Record<string, string> = { redis: 'Redis', valkey: 'Valkey', memcached: 'Memcached' };

export const RDS_VOLUMES: Record<string, string> = {
  gp2: 'General Purpose',
  gp3: 'General Purpose-GP3',
  io1: 'Provisioned IOPS',
  io2: 'Provisioned IOPS-IO2',
  standard: 'Magnetic',
};

/** EBS units: storage per GB-month, then the provisioned-performance charges above what is free. */
export const EBS: Record<string, { family: string; volume: string; usage?: RegExp }> = {
  gp2: { family: 'Storage', volume: 'gp2' },
  gp3: { family: 'Storage', volume: 'gp3' },
  io1: { family: 'Storage', volume: 'io1' },
  io2: { family: 'Storage', volume: 'io2' },
  st1: { family: 'Storage', volume: 'st1' },
  sc1: { family: 'Storage', volume: 'sc1' },
  standard: { family: 'Storage', volume: 'standard' },
  'io1-iops': { family: 'System Operation', volume: 'io1', usage: /VolumeP-IOPS\.piops$/ },
  'io2-iops': { family: 'System Operation', volume: 'io2', usage: /VolumeP-IOPS\.io2$/ },
  'io2-iops-tier2': { family: 'System Operation', volume: 'io2', usage: /VolumeP-IOPS\.io2\.tier2$/ },
  'io2-iops-tier3': { family: 'System Operation', volume: 'io2', usage: /VolumeP-IOPS\.io2\.tier3$/ },
  'gp3-iops': { family: 'System Operation', volume: 'gp3', usage: /VolumeP-IOPS\.gp3$/ },
  'gp3-throughput': { family: 'Provisioned Throughput', volume: 'gp3', usage: /VolumeP-Throughput\.gp3$/ },
};

/** A usage type that ends with `text` (the list prefixes usage types with a region code). */
const usageEnding = (text: string) => new RegExp(`(^|[-:])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The query for one product, or undefined when Lamplighter does not know how to ask for it. */
export function priceListQuery(k: PriceKey): PriceListQuery | undefined {
  const region: [string, string] = ['regionCode', k.region];
  switch (k.service) {
    case 'ec2':
      return {
        serviceCode: 'AmazonEC2',
        filters: [
          ['instanceType', k.item],
          region,
          ['operatingSystem', 'Linux'],
          ['tenancy', 'Shared'],
          ['preInstalledSw', 'NA'],
          ['capacitystatus', 'Used'],
          ['licenseModel', 'No License required'],
        ],
      };
    case 'ebs': {
      const e = own(EBS, k.item);
      if (!e) return undefined;
      return {
        serviceCode: 'AmazonEC2',
        filters: [['productFamily', e.family], ['volumeApiName', e.volume], region],
        ...(e.usage ? { usage: e.usage } : {}),
      };
    }
    case 'natGateway':
      return {
        serviceCode: 'AmazonEC2',
        filters: [['productFamily', 'NAT Gateway'], region],
        usage: /NatGateway-Hours$/,
      };
    case 'dynamodb':
      return {
        serviceCode: 'AmazonDynamoDB',
        filters: [['productFamily', 'Provisioned IOPS'], region],
        // Standard table class: the Standard-IA units carry an "IA-" usage type.
        usage: k.item === 'rcu' ? /^([A-Z0-9]+-)?ReadCapacityUnit-Hrs$/ : /^([A-Z0-9]+-)?WriteCapacityUnit-Hrs$/,
      };
    case 'rds':
    case 'aurora': {
      const engine = own(RDS_ENGINES, k.engine ?? '');
      if (!engine) return undefined;
      if (k.item === 'acu')
        return {
          serviceCode: 'AmazonRDS',
          filters: [['productFamily', 'ServerlessV2'], ['databaseEngine', engine], region],
          usage: /Aurora:ServerlessV2Usage$/,
        };
      return {
        serviceCode: 'AmazonRDS',
        filters: [
          ['productFamily', 'Database Instance'],
          ['instanceType', k.item],
          region,
          ['databaseEngine', engine],
          ['deploymentOption', k.deployment ?? 'Single-AZ'],
          ['licenseModel', 'No license required'],
        ],
        // Aurora I/O-Optimized instances are priced apart from Aurora Standard.
        ...(k.service === 'aurora' ? { usage: /InstanceUsage:db\.[a-z0-9.]+$/ } : {}),
      };
    }
    case 'rdsStorage': {
      const iops = /^(io[12])-iops$/.exec(k.item);
      const volume = iops ? undefined : own(RDS_VOLUMES, k.item);
      if (!iops && !volume) return undefined;
      return {
        serviceCode: 'AmazonRDS',
        filters: [
          ...(iops
            ? ([
                ['productFamily', 'Provisioned IOPS'],
                ['groupDescription', 'RDS Provisioned IOPS'],
              ] as Array<[string, string]>)
            : ([
                ['productFamily', 'Database Storage'],
                ['volumeType', volume ?? ''],
              ] as Array<[string, string]>)),
          ['databaseEngine', 'Any'],
          ['deploymentOption', k.deployment ?? 'Single-AZ'],
          region,
        ],
        ...(iops ? { usage: iops[1] === 'io2' ? /PIOPS-IO2$/ : /RDS:PIOPS$/ } : {}),
      };
    }
    case 'redshift':
      return {
        serviceCode: 'AmazonRedshift',
        filters: [['productFamily', 'Compute Instance'], ['instanceType', k.item], region],
      };
    case 'elasticache': {
      const engine = own(CACHE_ENGINES, k.engine ?? 'redis');
      if (!engine) return undefined;
      return {
        serviceCode: 'AmazonElastiCache',
        filters: [['productFamily', 'Cache Instance'], ['instanceType', k.item], ['cacheEngine', engine], region],
      };
    }
    case 'opensearch':
      if (k.item === 'gp2' || k.item === 'gp3')
        return {
          serviceCode: 'AmazonES',
          filters: [
            ['productFamily', 'Amazon OpenSearch Service Volume'],
            ['storageMedia', k.item.toUpperCase()],
            region,
          ],
        };
      return {
        serviceCode: 'AmazonES',
        filters: [['productFamily', 'Amazon OpenSearch Service Instance'], ['instanceType', k.item], region],
      };
    case 'sagemaker':
      return {
        serviceCode: 'AmazonSageMaker',
        filters: [
          ['productFamily', 'ML Instance'],
          ['instanceName', k.item],
          ['platoinstancetype', k.component === 'notebook' ? 'Notebook' : 'Hosting'],
          region,
        ],
      };
    case 'eks':
      return {
        serviceCode: 'AmazonEKS',
        filters: [['productFamily', 'Compute'], region],
        usage: /AmazonEKS-Hours:perCluster$/,
      };
    case 'kinesis':
      return {
        serviceCode: 'AmazonKinesis',
        filters: [['productFamily', 'Kinesis Streams'], region],
        usage: k.item === 'shard' ? /(^|-)Storage-ShardHour$/ : /OnDemand-StreamHour$/,
      };
    case 'msk':
      if (k.item === 'storage') return { serviceCode: 'AmazonMSK', filters: [['storageFamily', 'GP2'], region] };
      return {
        serviceCode: 'AmazonMSK',
        filters: [['productFamily', 'Managed Streaming for Apache Kafka (MSK)'], region],
        usage: usageEnding(k.item),
      };
    case 'dax':
      return {
        serviceCode: 'AmazonDAX',
        filters: [['productFamily', 'DAX'], region],
        usage: usageEnding(`NodeUsage:${k.item}`),
      };
  }
}
