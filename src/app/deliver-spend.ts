import { runOnce } from '../kernel/delivery/run-once';
import type { Delivery } from '../kernel/envelopes/sns';
import type { RetryBudget } from '../kernel/retry';
import type { SpendNotification } from '../features/spend/classify';
import { postSpend, spendDeliveryId, spendPosts, type SpendPostDeps } from '../features/spend/posts';
import type { PriceSource } from '../features/spend/prices/key';
import { snapshotSource } from '../features/spend/prices/snapshot';
import type { DeliveryJournal } from '../kernel/delivery/journal';
import { DEFAULT_COST_RULES } from './cost-rules';

/**
 * The notifier's side of a spend notification that reached the alarm topic (a CloudTrail rule, a
 * budget or an anomaly subscription pointed there): posted as the cost guard posts it first, with
 * the cost guard's default rules and the bundled list prices (the notifier has no Price List
 * client). Imported, not required on first use: a lazy require of modules that share zod with
 * the eager ones makes esbuild keep zod's whole namespace, and loaded no faster.
 */
let prices: PriceSource | undefined;

/** What became of it; undefined when the cost guard would post nothing (a call off its watchlist). */
export async function deliverSpend(
  notification: SpendNotification & { delivery: Delivery },
  deps: SpendPostDeps & { journal: DeliveryJournal },
  budget: RetryBudget,
): Promise<{ messageId: string; action: 'spend' | 'duplicate'; channel?: string; ts?: string } | undefined> {
  const posts = await spendPosts(notification, DEFAULT_COST_RULES, (prices ??= snapshotSource()));
  if (!posts.length) return undefined;
  const { delivery } = notification;
  // A CloudTrail call's journal id is the cost guard's: the same call reaching both posts once.
  const id = spendDeliveryId(notification, delivery);
  const outcome = await runOnce(id, deps, budget, async (step, attempt) => ({
    messageId: delivery.messageId,
    action: 'spend' as const,
    ...(await postSpend(posts, id, delivery, deps, step, attempt.retried)),
  }));
  if (outcome === 'duplicate') return { messageId: delivery.messageId, action: 'duplicate' };
  deps.log.info('delivered', { ...outcome, posts: posts.length });
  return outcome;
}
