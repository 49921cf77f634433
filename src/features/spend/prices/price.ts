import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import { estimateCreation, priceKeysFor, type CostEstimate, type CreationFacts } from '../estimate';
import { priceKeyId, type PriceKey, type PriceSource } from './key';

/**
 * Prices what a watched call creates in two passes: the estimator names the products it needs
 * (pure, no prices), the source quotes them all at once, and the estimator runs again with the
 * figures. The source's notes ("the Price List API did not answer…") join the estimate's.
 */
export async function priceCreation(
  event: CloudTrailEvent,
  prices: PriceSource,
  facts: CreationFacts = {},
): Promise<CostEstimate> {
  const unique = new Map<string, PriceKey>();
  for (const key of priceKeysFor(event, facts)) unique.set(priceKeyId(key), key);
  const { quotes, notes } = unique.size ? await prices.quote([...unique.values()]) : { quotes: new Map(), notes: [] };
  const estimate = estimateCreation(event, (key) => quotes.get(priceKeyId(key)), facts);
  return notes.length ? { ...estimate, notes: [...estimate.notes, ...notes] } : estimate;
}
