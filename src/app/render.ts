import { DEFAULT_WATCHLIST } from '../features/spend/estimate';
import { planCloudTrail, type CostRules } from '../features/spend/plan';
import type { PriceSource } from '../features/spend/prices/key';
import { snapshotSource } from '../features/spend/prices/snapshot';
import { classify, dispatch, type Handlers } from './classify';
import { deliveriesFrom, type Delivery } from '../kernel/envelopes/sns';
import { genericFor, type GenericNotification } from '../features/generic/generic';
import { formatBudgetAlert, formatCostAnomaly } from '../features/spend/format-alerts';
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

/** The rules `render` applies to CloudTrail events: the defaults the cost guard ships with. */
export const DEFAULT_COST_RULES: CostRules = {
  watchlist: new Set(DEFAULT_WATCHLIST),
  policy: { warningMonthlyUsd: 100, criticalMonthlyUsd: 1000 },
  failedCalls: 'note',
  securityWatch: true,
};

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

/** What `render` prints for each kind: the first posts the bot would make for it. */
const RENDER: Handlers<[CostRules, PriceSource], Promise<SlackMessage[]>> = {
  alarm: async (n) => [formatAlarm({ alarm: n.alarm })],
  cloudtrail: async (n, costRules, prices) => {
    const posts = await planCloudTrail(n.event, costRules, prices);
    return posts.length ? posts.map((p) => p.message) : [generic(genericFor(n.delivery))];
  },
  budget: async (n) => [formatBudgetAlert(n.budget)],
  anomaly: async (n) => [formatCostAnomaly(n.anomaly)],
  event: async (n) => [n.event.message],
  generic: async (n) => [generic(n.generic)],
};

function renderDelivery(delivery: Delivery, costRules: CostRules, prices: PriceSource): Promise<SlackMessage[]> {
  return dispatch(RENDER, classify(delivery), costRules, prices);
}
