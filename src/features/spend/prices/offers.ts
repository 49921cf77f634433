import { own } from '../../../kernel/schema';
import * as z from 'zod/mini';
import type { PricedService, PriceKey } from './key';
import { CACHE_ENGINES, EBS, priceListQuery, RDS_ENGINES, RDS_VOLUMES } from './query';
import { onDemandUsd, priceDimension, productMatches } from './documents';
import { snapshotItem } from './snapshot';

/**
 * Reading AWS's public bulk price-list offer files (no credentials): the offer index, each
 * service's region index, then one offer file per region. A product counts when it is exactly
 * what the Price List query for its key would match (the same filters the live lookup uses).
 */
export const OFFER_CODES: Readonly<Record<PricedService, string>> = {
  ec2: 'AmazonEC2',
  ebs: 'AmazonEC2',
  natGateway: 'AmazonEC2',
  dynamodb: 'AmazonDynamoDB',
  rds: 'AmazonRDS',
  rdsStorage: 'AmazonRDS',
  aurora: 'AmazonRDS',
  redshift: 'AmazonRedshift',
  elasticache: 'AmazonElastiCache',
  opensearch: 'AmazonES',
  sagemaker: 'AmazonSageMaker',
  eks: 'AmazonEKS',
  kinesis: 'AmazonKinesis',
  msk: 'AmazonMSK',
  dax: 'AmazonDAX',
};

export const offerIndexSchema = z.object({
  offers: z.record(z.string(), z.object({ currentRegionIndexUrl: z.optional(z.string()) })),
});

export const regionIndexSchema = z.object({
  regions: z.record(z.string(), z.object({ regionCode: z.string(), currentVersionUrl: z.string() })),
});

const offerFileSchema = z.object({
  offerCode: z.string(),
  publicationDate: z.string(),
  products: z.record(
    z.string(),
    z.object({
      sku: z.string(),
      productFamily: z.optional(z.string()),
      attributes: z.record(z.string(), z.string()),
    }),
  ),
  terms: z.object({
    OnDemand: z.optional(
      z.record(z.string(), z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), priceDimension) }))),
    ),
  }),
});

/** Commercial regions only: GovCloud, China and the isolated partitions have price lists of their own. */
export const isCommercialRegion = (code: string) => /^[a-z]{2}-[a-z]+-\d$/.test(code) && !/^(cn|us-gov)-/.test(code);

const reverse = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k]));
const RDS_ENGINE_OF = reverse(RDS_ENGINES);
const CACHE_ENGINE_OF = reverse(CACHE_ENGINES);

/** The keys a product could be priced under; `productMatches` keeps the ones it really is. */
function candidates(service: PricedService, region: string, a: Record<string, string>): PriceKey[] {
  const k = (item: string | undefined, extra: Partial<PriceKey> = {}): PriceKey[] =>
    item ? [{ service, region, item, ...extra }] : [];
  const usageTail = (a.usagetype ?? '').split(/[:]/).pop();
  switch (service) {
    case 'ec2':
    case 'redshift':
      return k(a.instanceType);
    case 'ebs':
      return Object.keys(EBS).flatMap((item) => k(item));
    case 'natGateway':
      return k('gateway');
    case 'dynamodb':
      return [...k('rcu'), ...k('wcu')];
    case 'rds':
    case 'aurora': {
      const engine = own(RDS_ENGINE_OF, a.databaseEngine ?? '');
      if (!engine || engine.startsWith('aurora') !== (service === 'aurora')) return [];
      return [
        ...k(a.instanceType, { engine, deployment: 'Single-AZ' }),
        ...(service === 'aurora' ? k('acu', { engine }) : []),
      ];
    }
    case 'rdsStorage':
      return [...Object.keys(RDS_VOLUMES), 'io1-iops', 'io2-iops'].flatMap((item) =>
        k(item, { deployment: 'Single-AZ' }),
      );
    case 'elasticache': {
      const engine = own(CACHE_ENGINE_OF, a.cacheEngine ?? '');
      return engine ? k(a.instanceType, { engine }) : [];
    }
    case 'opensearch':
      return [...k(a.instanceType), ...k('gp2'), ...k('gp3')];
    case 'sagemaker':
      return [...k(a.instanceName, { component: 'hosting' }), ...k(a.instanceName, { component: 'notebook' })];
    case 'eks':
      return k('cluster');
    case 'kinesis':
      return [...k('shard'), ...k('on-demand-stream')];
    case 'msk':
      return [...k(usageTail?.replace(/^[A-Z0-9]+-/, '').toLowerCase()), ...k('storage')];
    case 'dax':
      return k(usageTail);
  }
}

/** One region's figures for each service, from its offer file; products that disagree on a price are left out. */
export function pricesFromOffer(
  offer: unknown,
  region: string,
  services: readonly PricedService[],
): { publicationDate: string; tables: Map<PricedService, Record<string, number>>; ambiguous: string[] } {
  const file = offerFileSchema.parse(offer);
  const seen = new Map<string, Set<number>>();
  for (const listed of Object.values(file.products)) {
    // Older offer files carry no regionCode: the file is the region's.
    const product = { ...listed, attributes: { regionCode: region, ...listed.attributes } };
    const terms = Object.values(file.terms.OnDemand?.[product.sku] ?? {});
    const usd = onDemandUsd(terms);
    if (usd === undefined) continue;
    for (const service of services) {
      if (OFFER_CODES[service] !== file.offerCode) continue;
      for (const key of candidates(service, region, product.attributes)) {
        const query = priceListQuery(key);
        if (!query || !productMatches(product, query)) continue;
        const id = `${service}\u0000${snapshotItem(key)}`;
        if (!seen.has(id)) seen.set(id, new Set());
        seen.get(id)!.add(usd);
      }
    }
  }
  const tables = new Map<PricedService, Record<string, number>>();
  const ambiguous: string[] = [];
  for (const [id, prices] of seen) {
    const [service, item] = id.split('\u0000') as [PricedService, string];
    if (prices.size > 1) {
      ambiguous.push(`${service} ${item}`);
      continue;
    }
    if (!tables.has(service)) tables.set(service, {});
    tables.get(service)![item] = [...prices][0]!;
  }
  return { publicationDate: file.publicationDate, tables, ambiguous };
}
