import type { Logger } from '../../../kernel/log';
import { priceKeyId, type PriceKey, type PriceSource, type Quote, type Quotes } from './key';
import { snapshotSource } from './snapshot';

/** What the Price List says about one product: its on-demand price, nothing, or too many prices. */
export type PriceAnswer = { kind: 'price'; usd: number } | { kind: 'none' } | { kind: 'ambiguous'; prices: number[] };

/** The AWS Price List Query API (GetProducts) behind the adapter; it throws on AWS errors. */
export interface PriceListPort {
  lookup(key: PriceKey, signal: AbortSignal): Promise<PriceAnswer>;
}

/** A looked-up price, kept in the state table for a week; `usd: null` remembers "the Price List has none". */
export interface CachedPrice {
  usd: number | null;
  lookedUp: string;
}

export interface PriceCache {
  get(ids: readonly string[]): Promise<Map<string, CachedPrice>>;
  put(id: string, price: CachedPrice): Promise<void>;
}

export interface LiveSourceOptions {
  api: PriceListPort;
  cache?: PriceCache;
  /** Where a product the API does not price comes from: the bundled snapshot. */
  fallback?: PriceSource;
  /** A spend warning waits at most this long on the Price List API. */
  timeoutMs?: number;
  now?: () => Date;
  log: Logger;
}

const REASONS: Array<[RegExp, string]> = [
  [/AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken|CredentialsProvider/i, 'denied'],
  [/Throttl|TooManyRequests|RequestLimitExceeded/i, 'throttled'],
];

function reasonOf(err: unknown): string {
  const name = (err as { name?: string }).name ?? '';
  return REASONS.find(([re]) => re.test(name))?.[1] ?? 'unreachable';
}

/**
 * The cost guard's prices: the state-table cache, then the Price List API (bounded by
 * `timeoutMs`), then the bundled snapshot for whatever the API did not price. AWS trouble is
 * logged once per reason for the life of the container, not per event; the warning still posts.
 */
export function livePriceSource(options: LiveSourceOptions): PriceSource {
  const { api, cache, log } = options;
  const fallback = options.fallback ?? snapshotSource();
  const timeoutMs = options.timeoutMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const said = new Set<string>();
  const once = (reason: string, message: string, fields: Record<string, unknown>) => {
    if (said.has(reason)) return;
    said.add(reason);
    log.warn(message, fields);
  };

  async function cached(ids: string[]): Promise<Map<string, CachedPrice>> {
    if (!cache) return new Map();
    try {
      return await cache.get(ids);
    } catch (err) {
      once('cache', 'could not read the price cache; asking the Price List API', { error: err });
      return new Map();
    }
  }

  async function ask(key: PriceKey, signal: AbortSignal): Promise<CachedPrice | undefined> {
    const id = priceKeyId(key);
    let answer: PriceAnswer;
    try {
      answer = await api.lookup(key, signal);
    } catch (err) {
      if (signal.aborted) return undefined;
      const reason = reasonOf(err);
      once(reason, `the Price List API is ${reason}; bundled list prices are used`, { error: err });
      return undefined;
    }
    if (answer.kind === 'ambiguous') {
      once(`ambiguous:${id}`, 'the Price List matched more than one price for a product; bundled prices are used', {
        product: id,
        prices: answer.prices,
      });
    }
    const entry = { usd: answer.kind === 'price' ? answer.usd : null, lookedUp: now().toISOString().slice(0, 10) };
    await cache?.put(id, entry).catch((err: unknown) => once('cache-write', 'could not cache a price', { error: err }));
    return entry;
  }

  return {
    async quote(keys) {
      const ids = keys.map(priceKeyId);
      const known = await cached(ids);
      const missing = keys.filter((k) => !known.has(priceKeyId(k)));
      const notes: string[] = [];
      if (missing.length) {
        const abort = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const asked = Promise.all(missing.map(async (k) => [priceKeyId(k), await ask(k, abort.signal)] as const));
        const result = await Promise.race([asked, timedOut]).finally(() => clearTimeout(timer));
        if (result === 'timeout') {
          abort.abort();
          once('timeout', `the Price List API did not answer within ${timeoutMs} ms; bundled list prices are used`, {});
          notes.push(`the AWS Price List did not answer within ${timeoutMs / 1000} s: bundled list prices shown`);
        } else {
          for (const [id, entry] of result) if (entry) known.set(id, entry);
        }
      }
      const quotes = new Map<string, Quote>();
      const rest: PriceKey[] = [];
      for (const key of keys) {
        const entry = known.get(priceKeyId(key));
        if (entry?.usd !== null && entry?.usd !== undefined)
          quotes.set(priceKeyId(key), {
            usd: entry.usd,
            provenance: { kind: 'price-list-api', lookedUp: entry.lookedUp },
          });
        else rest.push(key);
      }
      if (rest.length) for (const [id, q] of (await fallback.quote(rest)).quotes) quotes.set(id, q);
      return { quotes, notes } satisfies Quotes;
    },
  };
}
