/**
 * What a price is asked for, and what comes back. An estimator names the product (service,
 * region, type or unit, engine where the engine changes the price); a price source answers
 * with a figure and where it came from, or nothing: "price unknown" is never guessed.
 */
export type PricedService =
  | 'ec2'
  | 'ebs'
  | 'natGateway'
  | 'dynamodb'
  | 'rds'
  | 'rdsStorage'
  | 'aurora'
  | 'redshift'
  | 'elasticache'
  | 'opensearch'
  | 'sagemaker'
  | 'eks'
  | 'kinesis'
  | 'msk'
  | 'dax';

export interface PriceKey {
  service: PricedService;
  region: string;
  /** The instance type, or the unit for everything else ("rcu", "gp3", "io2-iops", "gateway"…). */
  item: string;
  /** The engine, for the services whose price depends on it (RDS, Aurora, ElastiCache): as the API call named it. */
  engine?: string;
  /** Single-AZ or Multi-AZ, for RDS instances and storage. */
  deployment?: 'Single-AZ' | 'Multi-AZ';
  /** SageMaker: real-time inference hosting, or a notebook instance. */
  component?: 'hosting' | 'notebook';
}

/** One stable string per product, for maps and the price cache. */
export function priceKeyId(k: PriceKey): string {
  return [k.service, k.region, k.engine ?? '', k.deployment ?? '', k.component ?? '', k.item].join('|');
}

export const HOURS_PER_MONTH = 730;

/** Where a figure came from, shown in the warning's context line. */
export type Provenance =
  { kind: 'price-list-api'; lookedUp: string } | { kind: 'snapshot'; asOf: string; source: string };

/** A list price in USD per hour (instances, capacity units) or per month (GB, IOPS, MB/s). */
export interface Quote {
  usd: number;
  provenance: Provenance;
}

export type PriceLookup = (key: PriceKey) => Quote | undefined;

/** What a price source says about a set of products, and anything the warning should say about how. */
export interface Quotes {
  quotes: ReadonlyMap<string, Quote>;
  /** e.g. "the Price List API did not answer within 2 s: bundled prices shown". */
  notes: string[];
}

/** The port the cost guard prices through: the Price List API with a cache, falling back to the snapshot. */
export interface PriceSource {
  quote(keys: readonly PriceKey[]): Promise<Quotes>;
}

/** "AWS list price, Price List API, looked up 2026-12-01" / "bundled list prices as of 2026-07-20". */
export function provenanceText(sources: readonly Provenance[]): string {
  const api = [...new Set(sources.flatMap((s) => (s.kind === 'price-list-api' ? [s.lookedUp] : [])))].sort();
  const bundled = [...new Set(sources.flatMap((s) => (s.kind === 'snapshot' ? [s.asOf] : [])))].sort();
  const parts = [];
  if (api.length) parts.push(`AWS list price, Price List API, looked up ${api.join(', ')}`);
  if (bundled.length) parts.push(`bundled list prices as of ${bundled.join(', ')}`);
  return parts.join('; ');
}
