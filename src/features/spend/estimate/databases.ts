/** Estimators for the watched database creations: DynamoDB, Redshift, RDS and Aurora. */
import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import {
  at,
  fmt,
  list,
  num,
  plural,
  str,
  type Builder,
  type CostEstimate,
  type Estimator,
  type Params,
} from './builder';

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

export function dynamoTable(kind: 'created' | 'updated'): Estimator {
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

export function redshift(e: CloudTrailEvent, b: Builder): CostEstimate {
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

/** "aurora" (the original MySQL-compatible engine name), "aurora-mysql" or "aurora-postgresql". */
const auroraEngine = (engine: string) => (engine === 'aurora' ? 'aurora-mysql' : engine);

export function rdsInstance(e: CloudTrailEvent, b: Builder): CostEstimate {
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
    b.perHour('aurora', cls, 1, `${cls ?? 'unknown'} Aurora instance`, { engine: auroraEngine(engine) });
    b.notes.push('Aurora storage and I/O are billed by use');
  } else {
    // Multi-AZ keeps a standby of the same class: AWS bills it as a second instance.
    b.perHour('rds', cls, copies, `${cls ?? 'unknown'}${multiAz ? ' × 2 (Multi-AZ)' : ''}`, {
      engine,
      deployment: 'Single-AZ',
    });
    // A restore usually names its storage only in the response.
    const storage = num(p, 'allocatedStorage') ?? num(r, 'allocatedStorage') ?? 0;
    const type = str(p, 'storageType') ?? str(r, 'storageType') ?? 'gp2';
    if (storage === 0) b.notes.push('storage size not in the event: not included');
    const single = { deployment: 'Single-AZ' } as const;
    b.perMonth(
      'rdsStorage',
      type,
      storage * copies,
      `${fmt(storage)} GB ${type} storage${multiAz ? ' × 2' : ''}`,
      single,
    );
    const iops = num(p, 'iops') ?? num(r, 'iops') ?? 0;
    if (type.startsWith('io'))
      b.perMonth('rdsStorage', `${type}-iops`, iops * copies, `${fmt(iops)} provisioned IOPS`, single);
  }
  const what = `${cls ?? 'unknown class'}, ${engine}${multiAz ? ', Multi-AZ' : ''}`;
  return b.done('RDS database', id, what);
}

export function rdsCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const id = str(p, 'dBClusterIdentifier');
  const engine = str(p, 'engine') ?? 'aurora';
  const cls = str(p, 'dBClusterInstanceClass');
  const minAcu = num(p, 'serverlessV2ScalingConfiguration.minCapacity');
  if (cls && !engine.startsWith('aurora')) {
    // A Multi-AZ DB cluster: one writer and two readers of the same class.
    const single = { deployment: 'Single-AZ' } as const;
    b.perHour('rds', cls, 3, `3 × ${cls} (Multi-AZ DB cluster)`, { engine, ...single });
    const storage = num(p, 'allocatedStorage') ?? 0;
    b.perMonth('rdsStorage', str(p, 'storageType') ?? 'io1', storage * 3, `${fmt(storage)} GB storage × 3`, single);
    return b.done('RDS Multi-AZ cluster', id, `3 × ${cls}, ${engine}`);
  }
  if (minAcu !== undefined && minAcu > 0) {
    b.perHour('aurora', 'acu', minAcu, `at least ${minAcu} ACU (Serverless v2 minimum)`, {
      engine: auroraEngine(engine),
    });
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
