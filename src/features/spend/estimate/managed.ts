/** Estimators for managed services: OpenSearch, ElastiCache, SageMaker, Kinesis, MSK, DAX. */
import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import { at, fmt, list, num, plural, str, type Builder, type CostEstimate, type Params } from './builder';

/** ElastiCache prices by engine: Redis OSS, Valkey (20% lower) and Memcached. */
const cacheEngine = (p: Params) => (str(p, 'engine') ?? 'redis').toLowerCase();

const HOSTING = { component: 'hosting' } as const;

export function openSearch(e: CloudTrailEvent, b: Builder): CostEstimate {
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

export function elastiCacheCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'cacheNodeType');
  const nodes = num(p, 'numCacheNodes') ?? 1;
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`, { engine: cacheEngine(p) });
  return b.done(
    'ElastiCache cluster',
    str(p, 'cacheClusterId'),
    `${plural(nodes, 'node')} of ${type ?? 'unknown type'} (${str(p, 'engine') ?? 'redis'})`,
  );
}

export function elastiCacheReplicationGroup(e: CloudTrailEvent, b: Builder): CostEstimate {
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
  b.perHour('elasticache', type, nodes, `${nodes} × ${type ?? 'unknown'}`, { engine: cacheEngine(p) });
  return b.done(
    'ElastiCache replication group',
    str(p, 'replicationGroupId'),
    `${plural(nodes, 'node')} of ${type ?? 'unknown type'}`,
  );
}

export function sageMakerEndpoint(e: CloudTrailEvent, b: Builder): CostEstimate {
  const config = str(e.requestParameters, 'endpointConfigName');
  const name = str(e.requestParameters, 'endpointName');
  const variants = b.facts.endpointVariants;
  if (!variants) {
    b.lines.push({ label: `instances of endpoint config ${config ?? '(unnamed)'}` });
    b.notes.push(
      `price unknown: the instance type lives in the endpoint config${config ? ` ${config}` : ''}, which Lamplighter could not read`,
    );
    return b.done('SageMaker endpoint', name, `endpoint from config ${config ?? 'unknown'}`);
  }
  for (const v of variants) {
    if (v.serverless) {
      b.usagePriced = true;
      b.notes.push('a serverless variant: billed per request and compute time');
    } else b.perHour('sagemaker', v.instanceType, v.count, `${v.count} × ${v.instanceType ?? 'unknown'}`, HOSTING);
  }
  const shapes = variants.filter((v) => !v.serverless).map((v) => `${v.count} × ${v.instanceType ?? 'unknown'}`);
  return b.done('SageMaker endpoint', name, shapes.join(' + ') || 'serverless');
}

export function sageMakerNotebook(e: CloudTrailEvent, b: Builder): CostEstimate {
  const type = str(e.requestParameters, 'instanceType');
  b.perHour('sagemaker', type, 1, `1 × ${type ?? 'unknown'}`, { component: 'notebook' });
  const volume = num(e.requestParameters, 'volumeSizeInGB');
  if (volume) b.notes.push(`${volume} GB of notebook storage billed on top`);
  return b.done('SageMaker notebook', str(e.requestParameters, 'notebookInstanceName'), type ?? 'unknown type');
}

export function kinesisStream(e: CloudTrailEvent, b: Builder): CostEstimate {
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

export function mskCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
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

export function daxCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'nodeType');
  const nodes = num(p, 'replicationFactor') ?? 1;
  b.perHour('dax', type, nodes, `${nodes} × ${type ?? 'unknown'}`);
  return b.done('DAX cluster', str(p, 'clusterName'), `${plural(nodes, 'node')} of ${type ?? 'unknown type'}`);
}

/** The default watchlist: `service:EventName` → how to price what it creates. */
