import * as z from 'zod/mini';
import type { PriceAnswer } from './live';
import type { PriceListQuery } from './query';

/** Reading what the Price List answers: GetProducts documents, and the offer files' products. */
export const priceDimension = z.object({
  unit: z.optional(z.string()),
  beginRange: z.optional(z.string()),
  pricePerUnit: z.record(z.string(), z.string()),
});

/** One PriceList document: the product and its terms. Reserved terms are there too; only OnDemand counts. */
const priceDocument = z.object({
  product: z.object({ sku: z.optional(z.string()), attributes: z.record(z.string(), z.string()) }),
  terms: z.object({
    OnDemand: z.optional(z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), priceDimension) }))),
  }),
});

/** The on-demand price of a product's terms: the first paid tier (a free tier's $0 is not what a new resource costs). */
export function onDemandUsd(
  terms: ReadonlyArray<{ priceDimensions: Record<string, z.infer<typeof priceDimension>> }>,
): number | undefined {
  const dims = terms.flatMap((t) => Object.values(t.priceDimensions));
  const priced = dims
    .map((d) => ({ begin: Number(d.beginRange ?? 0), usd: Number(d.pricePerUnit.USD) }))
    .filter((d) => Number.isFinite(d.usd))
    .sort((a, b) => a.begin - b.begin);
  if (!priced.length) return undefined;
  return (priced.find((d) => d.usd > 0) ?? priced[0])!.usd;
}

/**
 * Reads GetProducts' answer: each entry of `PriceList` is a JSON document (the SDK hands it over
 * as a String object). A document that does not parse is skipped; two products left with
 * different prices are ambiguous.
 */
export function pickPrice(priceList: readonly unknown[], query: Pick<PriceListQuery, 'usage'>): PriceAnswer {
  const prices = new Set<number>();
  for (const raw of priceList) {
    let json: unknown;
    try {
      json = typeof raw === 'string' || raw instanceof String ? JSON.parse(String(raw)) : raw;
    } catch {
      continue;
    }
    const doc = priceDocument.safeParse(json);
    if (!doc.success) continue;
    if (query.usage && !query.usage.test(doc.data.product.attributes.usagetype ?? '')) continue;
    const usd = onDemandUsd(Object.values(doc.data.terms.OnDemand ?? {}));
    if (usd !== undefined) prices.add(usd);
  }
  if (prices.size === 0) return { kind: 'none' };
  if (prices.size > 1) return { kind: 'ambiguous', prices: [...prices].sort((a, b) => a - b) };
  return { kind: 'price', usd: [...prices][0]! };
}

/** Whether a product (its family and attributes) is the one `query` asks for, as GetProducts would match it. */
export function productMatches(
  product: { productFamily?: string; attributes: Record<string, string> },
  query: PriceListQuery,
): boolean {
  const value = (field: string) => (field === 'productFamily' ? product.productFamily : product.attributes[field]);
  if (!query.filters.every(([field, v]) => value(field) === v)) return false;
  return !query.usage || query.usage.test(product.attributes.usagetype ?? '');
}
