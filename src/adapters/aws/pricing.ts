import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import type { PriceListPort } from '../../features/spend/prices/live';
import { pickPrice } from '../../features/spend/prices/documents';
import { priceListQuery } from '../../features/spend/prices/query';

/** GetProducts pages read at most; an exact filter matches one product, a page or two at most. */
const MAX_PAGES = 5;

/**
 * The AWS Price List Query API. It is served from us-east-1 whatever the resource's region, and
 * the client honours the SDK's endpoint settings (AWS_ENDPOINT_URL_PRICING or AWS_ENDPOINT_URL),
 * like every other client. One retry: a spend warning does not wait long on prices.
 */
export function createPriceListPort(
  client: PricingClient = new PricingClient({ region: 'us-east-1', maxAttempts: 2 }),
): PriceListPort {
  return {
    async lookup(key, signal) {
      const query = priceListQuery(key);
      if (!query) return { kind: 'none' };
      const documents: unknown[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const res = await client.send(
          new GetProductsCommand({
            ServiceCode: query.serviceCode,
            FormatVersion: 'aws_v1',
            Filters: query.filters.map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value })),
            MaxResults: 100,
            NextToken: nextToken,
          }),
          { abortSignal: signal },
        );
        documents.push(...(res.PriceList ?? []));
        nextToken = res.NextToken;
      } while (nextToken && ++pages < MAX_PAGES);
      return pickPrice(documents, query);
    },
  };
}
