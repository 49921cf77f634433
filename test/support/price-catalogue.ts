import type { PriceListProduct } from '../../src/sandbox/price-list/server';

/**
 * A small Price List catalogue in AWS's GetProducts document shape (product + OnDemand and
 * Reserved terms, prices as strings), written from the documented format and the real
 * m5.large document in aws/amazon-ec2-instance-selector's test data. Beside each product the
 * tests price sit the ones a sloppy filter would also match: Windows and RHEL, dedicated
 * tenancy, capacity reservations, other engines and deployment options, Standard-IA tables, a
 * free tier, Reserved terms, and the same type in another region.
 */
let seq = 0;

function product(
  serviceCode: string,
  productFamily: string,
  attributes: Record<string, string>,
  dims: Array<{ usd: string; unit: string; begin?: string; end?: string }>,
  reserved = true,
): PriceListProduct {
  const sku = `SKU${String(++seq).padStart(13, '0')}`;
  const term = `${sku}.JRTCKXETXF`;
  return {
    product: {
      productFamily,
      sku,
      attributes: { servicecode: serviceCode, locationType: 'AWS Region', ...attributes },
    },
    serviceCode,
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: Object.fromEntries(
            dims.map((d, i) => [
              `${term}.${i === 0 ? '6YS6EN2CT7' : `6YS6EN2CT${i}`}`,
              {
                unit: d.unit,
                endRange: d.end ?? 'Inf',
                description: `$${d.usd} per ${d.unit}`,
                appliesTo: [],
                rateCode: `${term}.6YS6EN2CT7`,
                beginRange: d.begin ?? '0',
                pricePerUnit: { USD: d.usd },
              },
            ]),
          ),
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      ...(reserved
        ? {
            Reserved: {
              [`${sku}.4NA7Y494T4`]: {
                priceDimensions: {
                  [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: {
                    unit: 'Hrs',
                    beginRange: '0',
                    endRange: 'Inf',
                    pricePerUnit: { USD: '0.0010000000' },
                  },
                },
                termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
              },
            },
          }
        : {}),
    },
    version: '20261124000000',
    publicationDate: '2026-11-24T00:00:00Z',
  };
}

const hourly = (usd: string) => [{ usd, unit: 'Hrs' }];

function ec2(
  instanceType: string,
  regionCode: string,
  usd: string,
  overrides: Record<string, string> = {},
): PriceListProduct {
  return product(
    'AmazonEC2',
    'Compute Instance',
    {
      instanceType,
      regionCode,
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      preInstalledSw: 'NA',
      capacitystatus: 'Used',
      licenseModel: 'No License required',
      marketoption: 'OnDemand',
      usagetype: `EUC1-BoxUsage:${instanceType}`,
      ...overrides,
    },
    hourly(usd),
  );
}

function rds(engine: string, deploymentOption: string, usd: string, regionCode = 'us-east-1'): PriceListProduct {
  return product(
    'AmazonRDS',
    'Database Instance',
    {
      instanceType: 'db.m5.large',
      regionCode,
      databaseEngine: engine,
      deploymentOption,
      licenseModel: 'No license required',
      usagetype: `${deploymentOption === 'Multi-AZ' ? 'Multi-AZUsage' : 'InstanceUsage'}:db.m5.large`,
    },
    hourly(usd),
  );
}

function cache(engine: string, usd: string): PriceListProduct {
  return product(
    'AmazonElastiCache',
    'Cache Instance',
    {
      instanceType: 'cache.r6g.large',
      regionCode: 'us-east-1',
      cacheEngine: engine,
      usagetype: 'NodeUsage:cache.r6g.large',
    },
    hourly(usd),
  );
}

export const CATALOGUE: PriceListProduct[] = [
  // EC2 m5.large in eu-central-1: the one product, and what a sloppy filter would also match.
  ec2('m5.large', 'eu-central-1', '0.1150000000'),
  ec2('m5.large', 'eu-central-1', '0.2070000000', { operatingSystem: 'Windows', licenseModel: 'License Included' }),
  ec2('m5.large', 'eu-central-1', '0.1750000000', { operatingSystem: 'RHEL' }),
  ec2('m5.large', 'eu-central-1', '0.1270000000', { tenancy: 'Dedicated' }),
  ec2('m5.large', 'eu-central-1', '0.1150000000', { capacitystatus: 'AllocatedCapacityReservation' }),
  ec2('m5.large', 'eu-central-1', '0.0000000000', { capacitystatus: 'UnusedCapacityReservation' }),
  ec2('m5.large', 'eu-central-1', '0.4390000000', { preInstalledSw: 'SQL Std' }),
  ec2('m5.large', 'us-east-1', '0.0960000000', { usagetype: 'BoxUsage:m5.large' }),
  // A GPU type priced at list after the 2025 cut.
  ec2('p5.48xlarge', 'us-east-1', '55.0400000000', { usagetype: 'BoxUsage:p5.48xlarge' }),
  // RDS db.m5.large by engine and deployment.
  rds('PostgreSQL', 'Single-AZ', '0.1780000000'),
  rds('PostgreSQL', 'Multi-AZ', '0.3560000000'),
  rds('MySQL', 'Single-AZ', '0.1710000000'),
  rds('MySQL', 'Multi-AZ', '0.3420000000'),
  rds('PostgreSQL', 'Single-AZ', '0.2120000000', 'eu-central-1'),
  product(
    'AmazonRDS',
    'Database Storage',
    {
      volumeType: 'General Purpose-GP3',
      databaseEngine: 'Any',
      deploymentOption: 'Single-AZ',
      regionCode: 'us-east-1',
      usagetype: 'RDS:GP3-Storage',
    },
    [{ usd: '0.1150000000', unit: 'GB-Mo' }],
    false,
  ),
  product(
    'AmazonRDS',
    'Database Storage',
    {
      volumeType: 'General Purpose-GP3',
      databaseEngine: 'Any',
      deploymentOption: 'Multi-AZ',
      regionCode: 'us-east-1',
      usagetype: 'RDS:Multi-AZ-GP3-Storage',
    },
    [{ usd: '0.2300000000', unit: 'GB-Mo' }],
    false,
  ),
  // ElastiCache by engine: Valkey is priced 20 % below Redis OSS.
  cache('Valkey', '0.1648000000'),
  cache('Redis', '0.2060000000'),
  cache('Memcached', '0.2060000000'),
  // DynamoDB provisioned capacity in eu-central-1: a free tier, then the price; Standard-IA beside it.
  product(
    'AmazonDynamoDB',
    'Provisioned IOPS',
    { group: 'DDB-ReadUnits', regionCode: 'eu-central-1', usagetype: 'EUC1-ReadCapacityUnit-Hrs' },
    [
      { usd: '0.0000000000', unit: 'ReadCapacityUnit-Hrs', begin: '0', end: '18600' },
      { usd: '0.0001566000', unit: 'ReadCapacityUnit-Hrs', begin: '18600' },
    ],
    false,
  ),
  product(
    'AmazonDynamoDB',
    'Provisioned IOPS',
    { group: 'DDB-WriteUnits', regionCode: 'eu-central-1', usagetype: 'EUC1-WriteCapacityUnit-Hrs' },
    [
      { usd: '0.0000000000', unit: 'WriteCapacityUnit-Hrs', begin: '0', end: '18600' },
      { usd: '0.0007830000', unit: 'WriteCapacityUnit-Hrs', begin: '18600' },
    ],
    false,
  ),
  product(
    'AmazonDynamoDB',
    'Provisioned IOPS',
    { group: 'DDB-ReadUnitsIA', regionCode: 'eu-central-1', usagetype: 'EUC1-IA-ReadCapacityUnit-Hrs' },
    [{ usd: '0.0001950000', unit: 'ReadCapacityUnit-Hrs' }],
    false,
  ),
  product(
    'AmazonDynamoDB',
    'Provisioned IOPS',
    { group: 'DDB-WriteUnitsIA', regionCode: 'eu-central-1', usagetype: 'EUC1-IA-WriteCapacityUnit-Hrs' },
    [{ usd: '0.0009790000', unit: 'WriteCapacityUnit-Hrs' }],
    false,
  ),
  // NAT gateway hours in eu-west-1, beside the per-GB charge.
  product(
    'AmazonEC2',
    'NAT Gateway',
    { regionCode: 'eu-west-1', usagetype: 'EU-NatGateway-Hours', group: 'NGW:NatGateway' },
    hourly('0.0480000000'),
    false,
  ),
  product(
    'AmazonEC2',
    'NAT Gateway',
    { regionCode: 'eu-west-1', usagetype: 'EU-NatGateway-Bytes', group: 'NGW:NatGateway' },
    [{ usd: '0.0480000000', unit: 'GB' }],
    false,
  ),
  // Redshift ra3.4xlarge, and SageMaker hosting beside training and notebooks.
  product(
    'AmazonRedshift',
    'Compute Instance',
    { instanceType: 'ra3.4xlarge', regionCode: 'us-east-1', usagetype: 'Node:ra3.4xlarge' },
    hourly('3.2600000000'),
  ),
  product(
    'AmazonSageMaker',
    'ML Instance',
    {
      instanceName: 'ml.g4dn.xlarge',
      platoinstancetype: 'Hosting',
      regionCode: 'us-east-1',
      usagetype: 'USE1-Host:ml.g4dn.xlarge',
    },
    hourly('0.7360000000'),
    false,
  ),
  product(
    'AmazonSageMaker',
    'ML Instance',
    {
      instanceName: 'ml.g4dn.xlarge',
      platoinstancetype: 'Training',
      regionCode: 'us-east-1',
      usagetype: 'USE1-Train:ml.g4dn.xlarge',
    },
    hourly('0.7360000000'),
    false,
  ),
  product(
    'AmazonSageMaker',
    'ML Instance',
    {
      instanceName: 'ml.g4dn.xlarge',
      platoinstancetype: 'Notebook',
      regionCode: 'us-east-1',
      usagetype: 'USE1-Notebk:ml.g4dn.xlarge',
    },
    hourly('0.7380000000'),
    false,
  ),
  // Two products left by one filter with different prices: not a price.
  ec2('m6i.large', 'eu-central-1', '0.1150000000'),
  ec2('m6i.large', 'eu-central-1', '0.1190000000'),
];
