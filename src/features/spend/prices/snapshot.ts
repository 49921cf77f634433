import { own } from '../../../kernel/schema';
import { priceKeyId, type PriceKey, type PriceLookup, type Quote, type Quotes } from './key';

/** One source's figures for one service in one region ('*': every region). */
export interface SnapshotTable {
  source: string;
  asOf: string;
  /** `item`, `engine|item` or `engine|deployment|item` (see `snapshotItem`) → USD. */
  prices: Record<string, number>;
}

/** The bundled, dated price table: what `npm run prices:update` writes (see its `sources`). */
export interface PriceSnapshot {
  about: string;
  generated: string;
  sources: Record<string, Record<string, unknown>>;
  services: Record<string, { unit: string; regions: Record<string, SnapshotTable[]> }>;
}

let bundled: PriceSnapshot | undefined;

/**
 * The bundled snapshot, read on its first use: at 440 KB it is the largest part of the
 * cost-guard bundle, and a warning priced by the live Price List never needs it. The file is
 * JSON named `.txt`, so the bundler keeps it as one string literal (cheap to load) and it is
 * parsed here, when first needed, instead of 440 KB of object literal scanned at cold start.
 */
export function bundledSnapshot(): PriceSnapshot {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
  return (bundled ??= JSON.parse(require('./snapshot.json.txt') as string) as PriceSnapshot);
}

/** How a product is named inside a snapshot table. */
export function snapshotItem(k: Pick<PriceKey, 'item' | 'engine' | 'deployment'>): string {
  return [k.engine, k.deployment, k.item].filter(Boolean).join('|');
}

/** The snapshot's figure for one product, or undefined: never a near match, never another region's. */
export function snapshotLookup(snapshot?: PriceSnapshot): PriceLookup {
  return (key) => {
    const regions = own((snapshot ?? bundledSnapshot()).services, key.service)?.regions;
    const item = snapshotItem(key);
    for (const table of [...(own(regions, key.region) ?? []), ...(own(regions, '*') ?? [])]) {
      const usd = own(table.prices, item);
      if (usd !== undefined) return { usd, provenance: { kind: 'snapshot', asOf: table.asOf, source: table.source } };
    }
    return undefined;
  };
}

/** The snapshot as a price source: offline `render`, and the fallback of the live source. */
export function snapshotSource(snapshot?: PriceSnapshot) {
  const lookup = snapshotLookup(snapshot);
  return {
    async quote(keys: readonly PriceKey[]): Promise<Quotes> {
      const quotes = new Map<string, Quote>();
      for (const key of keys) {
        const q = lookup(key);
        if (q) quotes.set(priceKeyId(key), q);
      }
      return { quotes, notes: [] };
    },
  };
}
