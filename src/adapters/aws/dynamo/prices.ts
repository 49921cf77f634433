import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { CachedPrice, PriceCache } from '../../../features/spend/prices/live';
import { readStored } from './stored';
import { expiresAt, keys, TTL_S, type Table } from './table';

const storedPrice = z.object({
  id: z.string(),
  usd: z.nullable(z.number()),
  lookedUp: z.string(),
});

/** Prices looked up in the Price List, kept a week: a burst of creations costs one lookup per product. */
export function createPriceCache(table: Table): PriceCache {
  return {
    async get(ids) {
      const found = new Map<string, CachedPrice>();
      const unique = [...new Set(ids)];
      // BatchGetItem takes at most 100 keys; an estimate asks for a handful.
      for (let i = 0; i < unique.length; i += 100) {
        const res = await table.doc.send(
          new BatchGetCommand({ RequestItems: { [table.name]: { Keys: unique.slice(i, i + 100).map(keys.price) } } }),
        );
        for (const item of res.Responses?.[table.name] ?? []) {
          const p = readStored(storedPrice, item, String(item.pk));
          found.set(p.id, { usd: p.usd, lookedUp: p.lookedUp });
        }
      }
      return found;
    },
    async put(id, price) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.price(id),
            id,
            usd: price.usd,
            lookedUp: price.lookedUp,
            expiresAt: expiresAt(table.now(), TTL_S.price),
          },
        }),
      );
    },
  };
}
