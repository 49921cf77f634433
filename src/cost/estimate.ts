import type { CloudTrailEvent } from '../events/cloudtrail';
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

  constructor(private readonly region: string | undefined) {}

  /** `count` × the hourly list price of `type`. */
  perHour(service: PricedService, type: string | undefined, count: number, label: string): void {
    this.sources.add(service);
    const price = type && this.region ? listPrice(service, this.region, type) : undefined;
    if (price === undefined) this.notes.push(`price unknown for ${type ?? 'this type'}${this.region ? ` in ${this.region}` : ''}`);
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
  for (const gsi of [...list(p, 'globalSecondaryIndexes'), ...list(p, 'globalSecondaryIndexUpdates').map((u) => at(u, 'create') ?? at(u, 'update'))]) {
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
      b.notes.push('no provisioned capacity in this update');
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
  const nodes = num(p, 'numberOfNodes') ?? num(e.responseElements, 'numberOfNodes') ?? (str(p, 'clusterType') === 'multi-node' ? 2 : 1);
  b.perHour('redshift', nodeType, nodes, `${nodes} × ${nodeType ?? 'unknown'} node${nodes === 1 ? '' : 's'}`);
  return b.done('Redshift cluster', str(p, 'clusterIdentifier'), `${plural(nodes, 'node')} of ${nodeType ?? 'unknown type'}`);
}

const COMMERCIAL_ENGINES = /^(oracle|sqlserver|db2)/;

function rdsInstance(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const cls = str(p, 'dBInstanceClass') ?? str(e.responseElements, 'dBInstanceClass');
  const engine = str(p, 'engine') ?? str(e.responseElements, 'engine') ?? 'mysql';
  const multiAz = at(p, 'multiAZ') === true;
  const copies = multiAz ? 2 : 1;
  const id = str(p, 'dBInstanceIdentifier');
  if (COMMERCIAL_ENGINES.test(engine)) {
    b.lines.push({ label: `${cls ?? 'instance'} (${engine})` });
    b.notes.push(`price unknown for ${engine}: licence-included engines are not in the price list`);
  } else if (engine.startsWith('aurora')) {
    b.perHour('aurora', cls, 1, `${cls ?? 'unknown'} Aurora instance`);
    b.notes.push('Aurora storage and I/O are billed by use');
  } else {
    b.perHour('rds', cls, copies, `${cls ?? 'unknown'}${multiAz ? ' × 2 (Multi-AZ)' : ''}`);
    const storage = num(p, 'allocatedStorage') ?? 0;
    const type = str(p, 'storageType') ?? 'gp2';
    b.perMonth('rdsStorage', type, storage * copies, `${fmt(storage)} GB ${type} storage${multiAz ? ' × 2' : ''}`);
    const iops = num(p, 'iops') ?? 0;
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
  if (minAcu !== undefined) {
    b.perHour('aurora', 'acu', minAcu, `at least ${minAcu} ACU (Serverless v2 minimum)`);
    b.notes.push('Serverless v2 scales up from this floor; storage and I/O are billed by use');
    return b.done('Aurora cluster', id, `Serverless v2, ${engine}, ${minAcu}–${num(p, 'serverlessV2ScalingConfiguration.maxCapacity') ?? '?'} ACU`);
  }
  b.usagePriced = true;
  b.notes.push('an Aurora cluster costs what its instances cost; each instance added is reported on its own');
  return b.done('Aurora cluster', id, engine);
}

function ec2Instances(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const launched = list(e.responseElements, 'instancesSet.items');
  const type = str(p, 'instanceType') ?? str(launched[0], 'instanceType');
  const count = launched.length || num(p, 'maxCount', 'minCount') || 1;
  b.perHour('ec2', type, count, `${count} × ${type ?? 'unknown'}`);
  const ids = launched.map((i) => str(i, 'instanceId')).filter((x): x is string => Boolean(x));
  return b.done(count === 1 ? 'EC2 instance' : 'EC2 instances', ids.join(', ') || undefined, `${plural(count, 'instance')} of ${type ?? 'unknown type'}`);
}

function natGateway(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('natGateway', 'gateway', 1, 'NAT gateway');
  b.usagePriced = true;
  b.notes.push('plus a charge per GB of data processed');
  const id = str(e.responseElements, 'CreateNatGatewayResponse.natGateway.natGatewayId', 'natGateway.natGatewayId');
  return b.done('NAT gateway', id ?? str(e.requestParameters, 'CreateNatGatewayRequest.SubnetId', 'subnetId'), 'NAT gateway');
}

function ebsVolume(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'volumeType') ?? 'gp2';
  const size = num(p, 'size') ?? num(e.responseElements, 'size') ?? 0;
  b.perMonth('ebs', type, size, `${fmt(size)} GB ${type}`);
  const iops = num(p, 'iops') ?? 0;
  if (type === 'io1' || type === 'io2') b.perMonth('ebs', `${type}-iops`, iops, `${fmt(iops)} provisioned IOPS`);
  if (type === 'gp3') {
    b.perMonth('ebs', 'gp3-iops', Math.max(0, iops - 3000), `${fmt(Math.max(0, iops - 3000))} IOPS above the free 3,000`);
    const throughput = num(p, 'throughput') ?? 125;
    b.perMonth('ebs', 'gp3-throughput', Math.max(0, throughput - 125), `${fmt(Math.max(0, throughput - 125))} MB/s above the free 125`);
  }
  return b.done('EBS volume', str(e.responseElements, 'volumeId'), `${fmt(size)} GB ${type}${iops ? `, ${fmt(iops)} IOPS` : ''}`);
}

function eksCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('eks', 'cluster', 1, 'EKS control plane');
  b.notes.push('worker nodes are billed as EC2 instances');
  return b.done('EKS cluster', str(e.requestParameters, 'name', 'clusterName'), 'control plane');
}

function eksNodegroup(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'instanceTypes.0') ?? (list(p, 'instanceTypes')[0] as string | undefined) ?? 't3.medium';
  const size = num(p, 'scalingConfig.desiredSize', 'scalingConfig.minSize') ?? 2;
  b.perHour('ec2', type, size, `${size} × ${type}`);
  return b.done('EKS node group', str(p, 'nodegroupName'), `${plural(size, 'node')} of ${type}`);
}

function openSearch(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const cfg = at(p, 'clusterConfig') ?? at(p, 'elasticsearchClusterConfig');
  const rawType = str(cfg, 'instanceType') ?? 'm5.large.search';
  const type = rawType.replace(/\.elasticsearch$/, '.search');
  const count = num(cfg, 'instanceCount') ?? 1;
  b.perHour('opensearch', type, count, `${count} × ${type}`);
  if (at(cfg, 'dedicatedMasterEnabled') === true) {
    const masterType = (str(cfg, 'dedicatedMasterType') ?? type).replace(/\.elasticsearch$/, '.search');
    const masters = num(cfg, 'dedicatedMasterCount') ?? 3;
    b.perHour('opensearch', masterType, masters, `${masters} × ${masterType} dedicated master`);
  }
  const ebs = at(p, 'eBSOptions') ?? at(p, 'ebsOptions');
  const size = num(ebs, 'volumeSize') ?? 0;
  if (at(ebs, 'eBSEnabled') !== false && size > 0) {
    const vt = str(ebs, 'volumeType') ?? 'gp2';
    b.perMonth('opensearch', vt, size * count, `${fmt(size * count)} GB ${vt} storage`);
  }
  return b.done('OpenSearch domain', str(p, 'domainName'), `${plural(count, 'node')} of ${type}`);
}

function elastiCacheCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'cacheNodeType');
  const nodes = num(p, 'numCacheNodes') ?? 1;
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done('ElastiCache cluster', str(p, 'cacheClusterId'), `${plural(nodes, 'node')} of ${type ?? 'unknown type'} (${str(p, 'engine') ?? 'redis'})`);
}

function elastiCacheReplicationGroup(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'cacheNodeType');
  const shards = num(p, 'numNodeGroups') ?? 1;
  const replicas = num(p, 'replicasPerNodeGroup');
  const nodes = replicas !== undefined ? shards * (replicas + 1) : (num(p, 'numCacheClusters') ?? shards);
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done('ElastiCache replication group', str(p, 'replicationGroupId'), `${plural(nodes, 'node')} of ${type ?? 'unknown type'}`);
}

function sageMakerEndpoint(e: CloudTrailEvent, b: Builder): CostEstimate {
  const config = str(e.requestParameters, 'endpointConfigName');
  b.lines.push({ label: `instances of endpoint config ${config ?? '(unnamed)'}` });
  b.notes.push(`price unknown: the instance type lives in the endpoint config${config ? ` ${config}` : ''}, not in this event`);
  return b.done('SageMaker endpoint', str(e.requestParameters, 'endpointName'), `endpoint from config ${config ?? 'unknown'}`);
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
  const p = e.requestParameters;
  const type = str(p, 'brokerNodeGroupInfo.instanceType');
  const brokers = num(p, 'numberOfBrokerNodes') ?? 3;
  b.perHour('msk', type, brokers, `${brokers} × ${type ?? 'unknown'} broker${brokers === 1 ? '' : 's'}`);
  const gb = num(p, 'brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize') ?? 0;
  b.perMonth('msk', 'storage', gb * brokers, `${fmt(gb * brokers)} GB broker storage`);
  return b.done('MSK cluster', str(p, 'clusterName'), `${plural(brokers, 'broker')} of ${type ?? 'unknown type'}`);
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
