import { readFile, writeFile } from 'node:fs/promises';
import type { PricedService } from '../features/spend/prices/key';
import {
  isCommercialRegion,
  OFFER_CODES,
  offerIndexSchema,
  pricesFromOffer,
  regionIndexSchema,
} from '../features/spend/prices/offers';
import type { PriceSnapshot } from '../features/spend/prices/snapshot';

export const OFFERS_BASE = 'https://pricing.us-east-1.amazonaws.com';
export const SOURCE = 'aws-offer-files';

export interface UpdateOptions {
  base?: string;
  /** The snapshot to rewrite (src/features/spend/prices/snapshot.json.txt). */
  file: string;
  services?: readonly PricedService[];
  /** Only these regions (default: every commercial region). */
  regions?: readonly string[];
  fetchFn?: typeof fetch;
  say?: (line: string) => void;
  today?: () => string;
}

/**
 * `npm run prices:update`: rewrites the bundled snapshot from AWS's public bulk price-list offer
 * files (no credentials). Each service × region it reads replaces what the snapshot held there;
 * everything else, and every source it did not replace, stays as it was.
 */
export async function updatePrices(options: UpdateOptions): Promise<{ regions: number; figures: number }> {
  const base = (options.base ?? OFFERS_BASE).replace(/\/$/, '');
  const fetchJson = async (path: string): Promise<unknown> => {
    const res = await (options.fetchFn ?? fetch)(`${base}${path}`);
    if (!res.ok) throw new Error(`${base}${path}: HTTP ${res.status}`);
    return res.json();
  };
  const say = options.say ?? (() => undefined);
  const services = options.services ?? (Object.keys(OFFER_CODES) as PricedService[]);
  const snapshot = JSON.parse(await readFile(options.file, 'utf8')) as PriceSnapshot;
  const index = offerIndexSchema.parse(await fetchJson('/offers/v1.0/aws/index.json'));
  const versions: Record<string, string> = {};
  let regions = 0;
  let figures = 0;
  for (const code of [...new Set(services.map((s) => OFFER_CODES[s]))]) {
    const regionIndexUrl = index.offers[code]?.currentRegionIndexUrl;
    if (!regionIndexUrl) {
      say(`${code}: not in the offer index; left as it was`);
      continue;
    }
    const regionIndex = regionIndexSchema.parse(await fetchJson(regionIndexUrl));
    const mine = services.filter((s) => OFFER_CODES[s] === code);
    for (const { regionCode, currentVersionUrl } of Object.values(regionIndex.regions)) {
      if (!isCommercialRegion(regionCode) || (options.regions && !options.regions.includes(regionCode))) continue;
      const { publicationDate, tables, ambiguous } = pricesFromOffer(
        await fetchJson(currentVersionUrl),
        regionCode,
        mine,
      );
      versions[`${code}/${regionCode}`] = publicationDate;
      for (const item of ambiguous) say(`${regionCode} ${item}: more than one price; left out`);
      for (const [service, prices] of tables) {
        const entry = (snapshot.services[service] ??= { unit: '', regions: {} });
        entry.regions[regionCode] = [{ source: SOURCE, asOf: publicationDate.slice(0, 10), prices }];
        figures += Object.keys(prices).length;
      }
      regions++;
      say(`${code} ${regionCode}: ${[...tables.values()].reduce((n, t) => n + Object.keys(t).length, 0)} prices`);
    }
  }
  snapshot.sources[SOURCE] = {
    what: 'AWS bulk price-list offer files: on-demand terms of the products the live Price List lookup would match',
    url: `${base}/offers/v1.0/aws/index.json`,
    read: (options.today ?? (() => new Date().toISOString().slice(0, 10)))(),
    publicationDates: versions,
  };
  snapshot.generated = String(snapshot.sources[SOURCE].read);
  await writeFile(options.file, JSON.stringify(snapshot));
  return { regions, figures };
}
