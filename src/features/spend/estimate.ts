import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import { HOURS_PER_MONTH, listPrice, PRICES, type PricedService } from './price-table';

/** One priced part of a resource: "2 × ra3.4xlarge node", "500 GB gp3 storage". */
export interface CostLine {
  label: string;
  /** USD per hour for this line; undefined when the price is unknown. */
  hourly?: number;
}

export interface CostEstimate {
  /** "Redshift cluster", "DynamoDB table", "EC2 instances"… */
  resourceKind: string;
  /** Name or id of what was created, when the event says. */
  resourceId?: string;
  /** "2 × ra3.4xlarge nodes", "1,000 RCU + 1,000 WCU provisioned". */
  summary: string;
  lines: CostLine[];
  /** Sum of the lines, or undefined when any line's price is unknown. */
  hourly?: number;
  monthly?: number;
  /** Billed by use (on-demand tables, data processed): no fixed figure to give. */
  usagePriced: boolean;
  /** Nothing that costs was created or changed: post nothing. */
  nothingToPrice?: boolean;
  notes: string[];
  /** Which price lists the figures came from, for the message's footnote. */
  sources: PricedService[];
}

type Params = Record<string, unknown>;

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Params)[key];
  }
  return cur;
}

function str(obj: unknown, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = at(obj, p);
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function num(obj: unknown, ...paths: string[]): number | undefined {
  for (const p of paths) {
    const v = at(obj, p);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function list(obj: unknown, path: string): unknown[] {
  const v = at(obj, path);
  return Array.isArray(v) ? v : [];
}

const fmt = (n: number) => n.toLocaleString('en-US');

class Builder {
  readonly lines: CostLine[] = [];
  readonly notes: string[] = [];
  readonly sources = new Set<PricedService>();
  usagePriced = false;
  /** The call changed nothing that costs (e.g. UpdateTable turning on streams): no warning at all. */
  nothingToPrice = false;

  constructor(private readonly region: string | undefined) {}

  /** `count` × the hourly list price of `type`. */
  perHour(service: PricedService, type: string | undefined, count: number, label: string): void {
    this.sources.add(service);
    const price = type && this.region ? listPrice(service, this.region, type) : undefined;
    if (price === undefined)
      this.notes.push(`price unknown for ${type ?? 'this type'}${this.region ? ` in ${this.region}` : ''}`);
    this.lines.push({ label, hourly: price === undefined ? undefined : price * count });
  }

  /** `quantity` × a monthly list price (GB-month, IOPS-month), spread per hour. */
  perMonth(service: PricedService, key: string, quantity: number, label: string): void {
    if (quantity <= 0) return;
    this.sources.add(service);
    const price = this.region ? listPrice(service, this.region, key) : undefined;
    if (price === undefined) this.notes.push(`price unknown for ${label}${this.region ? ` in ${this.region}` : ''}`);
    this.lines.push({ label, hourly: price === undefined ? undefined : (price * quantity) / HOURS_PER_MONTH });
  }

  done(resourceKind: string, resourceId: string | undefined, summary: string): CostEstimate {
    const unknown = this.lines.some((l) => l.hourly === undefined);
    const hourly = this.lines.length && !unknown ? this.lines.reduce((sum, l) => sum + (l.hourly ?? 0), 0) : undefined;
    return {
      resourceKind,
      resourceId,
      summary,
      lines: this.lines,
      hourly,
      monthly: hourly === undefined ? undefined : hourly * HOURS_PER_MONTH,
      usagePriced: this.usagePriced,
      nothingToPrice: this.nothingToPrice,
      notes: this.notes,
      sources: [...this.sources],
    };
  }
}

type Estimator = (e: CloudTrailEvent, b: Builder) => CostEstimate;

const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;

function dynamoThroughput(p: Params): { rcu: number; wcu: number } {
  let rcu = num(p, 'provisionedThroughput.readCapacityUnits') ?? 0;
  let wcu = num(p, 'provisionedThroughput.writeCapacityUnits') ?? 0;
  for (const gsi of [
    ...list(p, 'globalSecondaryIndexes'),
    ...list(p, 'globalSecondaryIndexUpdates').map((u) => at(u, 'create') ?? at(u, 'update')),
  ]) {
    rcu += num(gsi, 'provisionedThroughput.readCapacityUnits') ?? 0;
    wcu += num(gsi, 'provisionedThroughput.writeCapacityUnits') ?? 0;
  }
  return { rcu, wcu };
}

function dynamoTable(kind: 'created' | 'updated'): Estimator {
  return (e, b) => {
    const p = e.requestParameters;
    const table = str(p, 'tableName');
    const onDemand = str(p, 'billingMode') === 'PAY_PER_REQUEST';
    if (onDemand) {
      b.usagePriced = true;
      b.notes.push('on-demand (PAY_PER_REQUEST): billed per request, no fixed monthly figure');
      return b.done('DynamoDB table', table, 'on-demand capacity');
    }
    const { rcu, wcu } = dynamoThroughput(p);
    if (kind === 'updated' && rcu === 0 && wcu === 0) {
      b.nothingToPrice = true;
      return b.done('DynamoDB table', table, 'settings changed');
    }
    b.perHour('dynamodb', 'rcu', rcu, `${fmt(rcu)} read capacity units`);
    b.perHour('dynamodb', 'wcu', wcu, `${fmt(wcu)} write capacity units`);
    if (list(p, 'globalSecondaryIndexes').length) b.notes.push('includes the capacity of its global secondary indexes');
    if (kind === 'updated') b.notes.push('the figure is the new provisioned capacity, not the change');
    return b.done('DynamoDB table', table, `${fmt(rcu)} RCU + ${fmt(wcu)} WCU provisioned`);
  };
}

function redshift(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const nodeType = str(p, 'nodeType') ?? str(e.responseElements, 'nodeType');
  const nodes =
    num(p, 'numberOfNodes') ??
    num(e.responseElements, 'numberOfNodes') ??
    (str(p, 'clusterType') === 'multi-node' ? 2 : 1);
  b.perHour('redshift', nodeType, nodes, `${nodes} × ${nodeType ?? 'unknown'} node${nodes === 1 ? '' : 's'}`);
  return b.done(
    'Redshift cluster',
    str(p, 'clusterIdentifier'),
    `${plural(nodes, 'node')} of ${nodeType ?? 'unknown type'}`,
  );
}

const COMMERCIAL_ENGINES = /oracle|sqlserver|db2/;

function rdsInstance(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const cls = str(p, 'dBInstanceClass') ?? str(e.responseElements, 'dBInstanceClass');
  const engine = str(p, 'engine') ?? str(e.responseElements, 'engine') ?? 'mysql';
  const r = e.responseElements;
  const multiAz = (at(p, 'multiAZ') ?? at(r, 'multiAZ')) === true;
  const copies = multiAz ? 2 : 1;
  const id = str(p, 'dBInstanceIdentifier') ?? str(r, 'dBInstanceIdentifier');
  if (COMMERCIAL_ENGINES.test(engine)) {
    b.lines.push({ label: `${cls ?? 'instance'} (${engine})` });
    b.notes.push(`price unknown for ${engine}: licence-included engines are not in the price list`);
  } else if (engine.startsWith('aurora')) {
    b.perHour('aurora', cls, 1, `${cls ?? 'unknown'} Aurora instance`);
    b.notes.push('Aurora storage and I/O are billed by use');
  } else {
    b.perHour('rds', cls, copies, `${cls ?? 'unknown'}${multiAz ? ' × 2 (Multi-AZ)' : ''}`);
    // A restore usually names its storage only in the response.
    const storage = num(p, 'allocatedStorage') ?? num(r, 'allocatedStorage') ?? 0;
    const type = str(p, 'storageType') ?? str(r, 'storageType') ?? 'gp2';
    if (storage === 0) b.notes.push('storage size not in the event: not included');
    b.perMonth('rdsStorage', type, storage * copies, `${fmt(storage)} GB ${type} storage${multiAz ? ' × 2' : ''}`);
    const iops = num(p, 'iops') ?? num(r, 'iops') ?? 0;
    if (type.startsWith('io')) b.perMonth('rdsStorage', `${type}-iops`, iops * copies, `${fmt(iops)} provisioned IOPS`);
  }
  const what = `${cls ?? 'unknown class'}, ${engine}${multiAz ? ', Multi-AZ' : ''}`;
  return b.done('RDS database', id, what);
}

function rdsCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const id = str(p, 'dBClusterIdentifier');
  const engine = str(p, 'engine') ?? 'aurora';
  const cls = str(p, 'dBClusterInstanceClass');
  const minAcu = num(p, 'serverlessV2ScalingConfiguration.minCapacity');
  if (cls && !engine.startsWith('aurora')) {
    // A Multi-AZ DB cluster: one writer and two readers of the same class.
    b.perHour('rds', cls, 3, `3 × ${cls} (Multi-AZ DB cluster)`);
    const storage = num(p, 'allocatedStorage') ?? 0;
    b.perMonth('rdsStorage', str(p, 'storageType') ?? 'io1', storage * 3, `${fmt(storage)} GB storage × 3`);
    return b.done('RDS Multi-AZ cluster', id, `3 × ${cls}, ${engine}`);
  }
  if (minAcu !== undefined && minAcu > 0) {
    b.perHour('aurora', 'acu', minAcu, `at least ${minAcu} ACU (Serverless v2 minimum)`);
    b.notes.push('Serverless v2 scales up from this floor; storage and I/O are billed by use');
    return b.done(
      'Aurora cluster',
      id,
      `Serverless v2, ${engine}, ${minAcu}–${num(p, 'serverlessV2ScalingConfiguration.maxCapacity') ?? '?'} ACU`,
    );
  }
  b.usagePriced = true;
  b.notes.push(
    minAcu === 0
      ? 'Serverless v2 that can pause to 0 ACU: billed by use'
      : 'an Aurora cluster costs what its instances cost; each instance added is reported on its own',
  );
  return b.done('Aurora cluster', id, engine);
}

function ec2Instances(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const launched = list(e.responseElements, 'instancesSet.items');
  const type = str(p, 'instanceType') ?? str(launched[0], 'instanceType');
  const requested = list(p, 'instancesSet.items')[0];
  const count = launched.length || num(requested, 'minCount', 'maxCount') || 1;
  b.perHour('ec2', type, count, `${count} × ${type ?? 'unknown'}`);
  if (str(p, 'instanceMarketOptions.marketType') === 'spot')
    b.notes.push('Spot instances: billed below this on-demand figure');
  if (!launched.length) b.notes.push('count taken from the request');
  const ids = launched.map((i) => str(i, 'instanceId')).filter((x): x is string => Boolean(x));
  return b.done(
    count === 1 ? 'EC2 instance' : 'EC2 instances',
    ids.join(', ') || undefined,
    `${plural(count, 'instance')} of ${type ?? 'unknown type'}`,
  );
}

function natGateway(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('natGateway', 'gateway', 1, 'NAT gateway');
  b.usagePriced = true;
  b.notes.push('plus a charge per GB of data processed');
  const id = str(e.responseElements, 'CreateNatGatewayResponse.natGateway.natGatewayId', 'natGateway.natGatewayId');
  return b.done(
    'NAT gateway',
    id ?? str(e.requestParameters, 'CreateNatGatewayRequest.SubnetId', 'subnetId'),
    'NAT gateway',
  );
}

function ebsVolume(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'volumeType') ?? 'gp2';
  const size = num(p, 'size') ?? num(e.responseElements, 'size') ?? 0;
  b.perMonth('ebs', type, size, `${fmt(size)} GB ${type}`);
  const iops = num(p, 'iops') ?? 0;
  if (type === 'io1') b.perMonth('ebs', 'io1-iops', iops, `${fmt(iops)} provisioned IOPS`);
  if (type === 'io2') {
    // io2 IOPS are tiered: up to 32,000, 32,001–64,000, and above.
    b.perMonth('ebs', 'io2-iops', Math.min(iops, 32_000), `${fmt(Math.min(iops, 32_000))} provisioned IOPS`);
    b.perMonth(
      'ebs',
      'io2-iops-tier2',
      Math.min(Math.max(iops - 32_000, 0), 32_000),
      `${fmt(Math.min(Math.max(iops - 32_000, 0), 32_000))} IOPS over 32,000`,
    );
    b.perMonth(
      'ebs',
      'io2-iops-tier3',
      Math.max(iops - 64_000, 0),
      `${fmt(Math.max(iops - 64_000, 0))} IOPS over 64,000`,
    );
  }
  if (type === 'gp3') {
    b.perMonth(
      'ebs',
      'gp3-iops',
      Math.max(0, iops - 3000),
      `${fmt(Math.max(0, iops - 3000))} IOPS above the free 3,000`,
    );
    const throughput = num(p, 'throughput') ?? 125;
    b.perMonth(
      'ebs',
      'gp3-throughput',
      Math.max(0, throughput - 125),
      `${fmt(Math.max(0, throughput - 125))} MB/s above the free 125`,
    );
  }
  return b.done(
    'EBS volume',
    str(e.responseElements, 'volumeId'),
    `${fmt(size)} GB ${type}${iops ? `, ${fmt(iops)} IOPS` : ''}`,
  );
}

function eksCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('eks', 'cluster', 1, 'EKS control plane');
  b.notes.push('worker nodes are billed as EC2 instances');
  return b.done('EKS cluster', str(e.requestParameters, 'name', 'clusterName'), 'control plane');
}

function eksNodegroup(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const listed = list(p, 'instanceTypes')[0];
  // EKS's own default is t3.medium, but only when no launch template names the type.
  const type = typeof listed === 'string' ? listed : at(p, 'launchTemplate') ? undefined : 't3.medium';
  const size = num(p, 'scalingConfig.desiredSize', 'scalingConfig.minSize') ?? 2;
  b.perHour('ec2', type, size, `${size} × ${type ?? "the launch template's type"}`);
  if (!type) b.notes.push('the instance type is set in the launch template, not in this event');
  if (str(p, 'capacityType') === 'SPOT') b.notes.push('Spot capacity: billed below this on-demand figure');
  return b.done(
    'EKS node group',
    str(p, 'nodegroupName'),
    `${plural(size, 'node')} of ${type ?? 'a launch-template type'}`,
  );
}

function openSearch(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const status = at(e.responseElements, 'domainStatus');
  const cfg =
    at(p, 'clusterConfig') ??
    at(p, 'elasticsearchClusterConfig') ??
    at(status, 'clusterConfig') ??
    at(status, 'elasticsearchClusterConfig');
  // Not guessed: an absent type is "price unknown".
  const type = str(cfg, 'instanceType')?.replace(/\.elasticsearch$/, '.search');
  const count = num(cfg, 'instanceCount') ?? 1;
  b.perHour('opensearch', type, count, `${count} × ${type ?? 'unknown type'}`);
  if (at(cfg, 'dedicatedMasterEnabled') === true) {
    const masterType = (str(cfg, 'dedicatedMasterType') ?? type)?.replace(/\.elasticsearch$/, '.search');
    const masters = num(cfg, 'dedicatedMasterCount') ?? 3;
    b.perHour('opensearch', masterType, masters, `${masters} × ${masterType ?? 'unknown'} dedicated master`);
  }
  const ebs = at(p, 'eBSOptions') ?? at(p, 'ebsOptions');
  const size = num(ebs, 'volumeSize') ?? 0;
  if (at(ebs, 'eBSEnabled') !== false && size > 0) {
    const vt = str(ebs, 'volumeType') ?? 'gp2';
    b.perMonth('opensearch', vt, size * count, `${fmt(size * count)} GB ${vt} storage`);
  }
  if (at(cfg, 'warmEnabled') === true) {
    const warmType = str(cfg, 'warmType');
    const warm = num(cfg, 'warmCount') ?? 2;
    b.perHour('opensearch', warmType, warm, `${warm} × ${warmType ?? 'unknown'} UltraWarm`);
  }
  return b.done('OpenSearch domain', str(p, 'domainName'), `${plural(count, 'node')} of ${type ?? 'unknown type'}`);
}

function elastiCacheCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'cacheNodeType');
  const nodes = num(p, 'numCacheNodes') ?? 1;
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done(
    'ElastiCache cluster',
    str(p, 'cacheClusterId'),
    `${plural(nodes, 'node')} of ${type ?? 'unknown type'} (${str(p, 'engine') ?? 'redis'})`,
  );
}

function elastiCacheReplicationGroup(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'cacheNodeType');
  const groups = list(p, 'nodeGroupConfiguration');
  const shards = num(p, 'numNodeGroups') ?? (groups.length || 1);
  const replicas = num(p, 'replicasPerNodeGroup');
  const nodes =
    replicas !== undefined
      ? shards * (replicas + 1)
      : groups.length
        ? groups.reduce<number>((sum, g) => sum + 1 + (num(g, 'replicaCount') ?? 0), 0)
        : (num(p, 'numCacheClusters') ?? shards);
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done(
    'ElastiCache replication group',
    str(p, 'replicationGroupId'),
    `${plural(nodes, 'node')} of ${type ?? 'unknown type'}`,
  );
}

function sageMakerEndpoint(e: CloudTrailEvent, b: Builder): CostEstimate {
  const config = str(e.requestParameters, 'endpointConfigName');
  b.lines.push({ label: `instances of endpoint config ${config ?? '(unnamed)'}` });
  b.notes.push(
    `price unknown: the instance type lives in the endpoint config${config ? ` ${config}` : ''}, not in this event`,
  );
  return b.done(
    'SageMaker endpoint',
    str(e.requestParameters, 'endpointName'),
    `endpoint from config ${config ?? 'unknown'}`,
  );
}

function sageMakerNotebook(e: CloudTrailEvent, b: Builder): CostEstimate {
  const type = str(e.requestParameters, 'instanceType');
  b.perHour('sagemaker', type, 1, `1 × ${type ?? 'unknown'}`);
  const volume = num(e.requestParameters, 'volumeSizeInGB');
  if (volume) b.notes.push(`${volume} GB of notebook storage billed on top`);
  return b.done('SageMaker notebook', str(e.requestParameters, 'notebookInstanceName'), type ?? 'unknown type');
}

function kinesisStream(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  if (str(p, 'streamModeDetails.streamMode') === 'ON_DEMAND') {
    b.perHour('kinesis', 'on-demand-stream', 1, 'on-demand stream');
    b.usagePriced = true;
    b.notes.push('plus a charge per GB written and read');
    return b.done('Kinesis stream', str(p, 'streamName'), 'on-demand');
  }
  const shards = num(p, 'shardCount') ?? 1;
  b.perHour('kinesis', 'shard', shards, plural(shards, 'shard'));
  return b.done('Kinesis stream', str(p, 'streamName'), plural(shards, 'shard'));
}

function mskCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  if (at(e.requestParameters, 'serverless')) {
    b.usagePriced = true;
    b.notes.push('MSK Serverless: billed per cluster-hour, partition-hour and GB');
    return b.done('MSK cluster', str(e.requestParameters, 'clusterName'), 'serverless');
  }
  // CreateClusterV2 nests a provisioned cluster's settings under "provisioned".
  const p = (at(e.requestParameters, 'provisioned') as Params | undefined) ?? e.requestParameters;
  const type = str(p, 'brokerNodeGroupInfo.instanceType');
  const brokers = num(p, 'numberOfBrokerNodes') ?? 3;
  b.perHour('msk', type, brokers, `${brokers} × ${type ?? 'unknown'} broker${brokers === 1 ? '' : 's'}`);
  const gb = num(p, 'brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize') ?? 0;
  b.perMonth('msk', 'storage', gb * brokers, `${fmt(gb * brokers)} GB broker storage`);
  return b.done(
    'MSK cluster',
    str(e.requestParameters, 'clusterName'),
    `${plural(brokers, 'broker')} of ${type ?? 'unknown type'}`,
  );
}

function daxCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'nodeType');
  const nodes = num(p, 'replicationFactor') ?? 1;
  b.perHour('dax', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done('DAX cluster', str(p, 'clusterName'), `${plural(nodes, 'node')} of ${type ?? 'unknown type'}`);
}

/** The default watchlist: `service:EventName` → how to price what it creates. */
export const ESTIMATORS: Readonly<Record<string, Estimator>> = {
  'redshift:CreateCluster': redshift,
  'redshift:RestoreFromClusterSnapshot': redshift,
  'redshift:ResizeCluster': redshift,
  'dynamodb:CreateTable': dynamoTable('created'),
  'dynamodb:UpdateTable': dynamoTable('updated'),
  'rds:CreateDBInstance': rdsInstance,
  'rds:RestoreDBInstanceFromDBSnapshot': rdsInstance,
  'rds:CreateDBCluster': rdsCluster,
  'ec2:RunInstances': ec2Instances,
  'ec2:CreateNatGateway': natGateway,
  'ec2:CreateVolume': ebsVolume,
  'eks:CreateCluster': eksCluster,
  'eks:CreateNodegroup': eksNodegroup,
  'es:CreateDomain': openSearch,
  'es:CreateElasticsearchDomain': openSearch,
  'elasticache:CreateCacheCluster': elastiCacheCluster,
  'elasticache:CreateReplicationGroup': elastiCacheReplicationGroup,
  'sagemaker:CreateEndpoint': sageMakerEndpoint,
  'sagemaker:CreateNotebookInstance': sageMakerNotebook,
  'kinesis:CreateStream': kinesisStream,
  'kafka:CreateCluster': mskCluster,
  'kafka:CreateClusterV2': mskCluster,
  'dax:CreateCluster': daxCluster,
};

export const DEFAULT_WATCHLIST: readonly string[] = Object.keys(ESTIMATORS);

export function watchKey(e: Pick<CloudTrailEvent, 'service' | 'eventName'>): string {
  return `${e.service}:${e.eventName}`;
}

/** Prices what a watched call creates; a call with no estimator is still reported, price unknown. */
export function estimateCreation(event: CloudTrailEvent): CostEstimate {
  const b = new Builder(event.region);
  const estimator = ESTIMATORS[watchKey(event)];
  if (estimator) return estimator(event, b);
  b.lines.push({ label: event.eventName });
  b.notes.push(`price unknown: Lamplighter has no estimate for ${event.service} ${event.eventName}`);
  return b.done(`${event.service} resource`, undefined, event.eventName);
}

export function priceSourceNote(sources: readonly PricedService[]): string {
  const asOf = [...new Set(sources.map((s) => PRICES[s].asOf))].join(', ');
  return asOf ? `on-demand list prices as of ${asOf}` : '';
}
