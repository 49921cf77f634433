import type { CostRules } from '../features/spend/plan';
import { spendPosts } from '../features/spend/posts';
import { DEFAULT_COST_RULES } from './cost-rules';
import type { PriceSource } from '../features/spend/prices/key';
import type { SpendNotification } from '../features/spend/classify';
import { snapshotSource } from '../features/spend/prices/snapshot';
import { classify, dispatch, type Handlers } from './classify';
import { deliveriesFrom, type Delivery } from '../kernel/envelopes/sns';
import { genericFor, type GenericNotification } from '../features/generic/generic';
import type { SlackMessage } from '../kernel/slack/blocks';
import { formatAlarm } from '../features/alarms/format';
import { formatGeneric, genericBodyFits } from '../features/generic/format';

/** Parses text the way it may arrive: one JSON document, JSON lines, or plain text. */
export function parseInputText(text: string): unknown[] {
  const trimmed = text.trim();
  try {
    return [JSON.parse(trimmed)];
  } catch {
    // not one JSON document
  }
  const lines = trimmed.split('\n').filter((l) => l.trim());
  if (lines.length > 1) {
    const parsed: unknown[] = [];
    for (const line of lines) {
      try {
        parsed.push(JSON.parse(line));
      } catch {
        return [text];
      }
    }
    return parsed;
  }
  return [text];
}

export { DEFAULT_COST_RULES } from './cost-rules';

function generic(g: GenericNotification): SlackMessage {
  return formatGeneric(g, { fullBodyAttached: !genericBodyFits(g) });
}

/** The messages the bot would post for each delivery in the input (first posts only); no I/O. */
export async function renderInput(
  input: unknown,
  costRules: CostRules = DEFAULT_COST_RULES,
  prices: PriceSource = snapshotSource(),
): Promise<SlackMessage[]> {
  const rendered = await Promise.all(
    deliveriesFrom(input).map((delivery) => renderDelivery(delivery, costRules, prices)),
  );
  return rendered.flat();
}

/** What the cost guard would post first; a CloudTrail call it would not post, as it came. */
async function spend(n: SpendNotification & { delivery: Delivery }, costRules: CostRules, prices: PriceSource) {
  const posts = await spendPosts(n, costRules, prices);
  return posts.length ? posts.map((p) => p.message) : [generic(genericFor(n.delivery))];
}

/** What `render` prints for each kind: the first posts the bot would make for it. */
const RENDER: Handlers<[CostRules, PriceSource], Promise<SlackMessage[]>> = {
  alarm: async (n) => [formatAlarm({ alarm: n.alarm })],
  cloudtrail: spend,
  budget: spend,
  anomaly: spend,
  event: async (n) => [n.event.message],
  generic: async (n) => [generic(n.generic)],
};

function renderDelivery(delivery: Delivery, costRules: CostRules, prices: PriceSource): Promise<SlackMessage[]> {
  return dispatch(RENDER, classify(delivery), costRules, prices);
}
