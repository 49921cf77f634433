import { own } from '../../../kernel/schema';
import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import type { PriceKey, PriceLookup } from '../prices/key';
import { snapshotLookup } from '../prices/snapshot';
import { Builder, type CostEstimate, type CreationFacts, type Estimator } from './builder';
import { ebsVolume, ec2Instances, eksCluster, eksNodegroup, natGateway } from './compute';
import { dynamoTable, rdsCluster, rdsInstance, redshift } from './databases';
import {
  daxCluster,
  elastiCacheCluster,
  elastiCacheReplicationGroup,
  kinesisStream,
  mskCluster,
  openSearch,
  sageMakerEndpoint,
  sageMakerNotebook,
} from './managed';

export type { CostEstimate, CostLine, CreationFacts } from './builder';

/** One flat table from watched call to its estimator; the default watchlist is its keys. */
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

const OFFLINE = snapshotLookup();

/**
 * Prices what a watched call creates, with `lookup` (the bundled snapshot unless a live source
 * answered first); a call with no estimator is still reported, price unknown.
 */
export function estimateCreation(
  event: CloudTrailEvent,
  lookup: PriceLookup = OFFLINE,
  facts: CreationFacts = {},
): CostEstimate {
  const b = new Builder(event.region, lookup, facts);
  const estimator = own(ESTIMATORS, watchKey(event));
  if (estimator) return estimator(event, b);
  b.lines.push({ label: event.eventName });
  b.notes.push(`price unknown: Lamplighter has no estimate for ${event.service} ${event.eventName}`);
  return b.done(`${event.service} resource`, undefined, event.eventName);
}

/** The products an estimate will ask the price of: the estimator run once, with no prices, to listen. */
export function priceKeysFor(event: CloudTrailEvent, facts: CreationFacts = {}): PriceKey[] {
  const keys: PriceKey[] = [];
  estimateCreation(
    event,
    (key) => {
      keys.push(key);
      return undefined;
    },
    facts,
  );
  return keys;
}
