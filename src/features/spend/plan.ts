import { createHash } from 'node:crypto';
import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatFailedCreation, formatSpendWarning } from './format';
import { formatSecurityFinding } from '../security/format';
import { watchKey, type CostEstimate, type CreationFacts } from './estimate';
import type { PriceSource } from './prices/key';
import { priceCreation } from './prices/price';
import { snapshotSource } from './prices/snapshot';
import type { SpendPolicy } from './policy';
import { securityFinding } from '../security/detect';

export interface CostRules {
  watchlist: ReadonlySet<string>;
  policy: SpendPolicy;
  failedCalls: 'note' | 'ignore';
  securityWatch: boolean;
}

export type CostPost =
  | { kind: 'security'; message: SlackMessage }
  | { kind: 'failed'; message: SlackMessage }
  | { kind: 'spend'; message: SlackMessage; estimate: CostEstimate; groupKey: string };

/**
 * What one CloudTrail event should post: a security note, a spend warning, a quiet note for a
 * failed creation, or nothing (a call off the watchlist). No Slack, no state: the guard adds
 * dedup and grouping. Prices come from `prices` (the bundled snapshot unless told otherwise).
 */
export async function planCloudTrail(
  event: CloudTrailEvent,
  rules: CostRules,
  prices: PriceSource = snapshotSource(),
  facts: CreationFacts = {},
): Promise<CostPost[]> {
  const posts: CostPost[] = [];
  const finding = rules.securityWatch ? securityFinding(event) : undefined;
  if (finding) posts.push({ kind: 'security', message: formatSecurityFinding(event, finding) });
  if (!rules.watchlist.has(watchKey(event))) return posts;
  const estimate = await priceCreation(event, prices, facts);
  if (estimate.nothingToPrice) return posts;
  // Application Auto Scaling adjusting a table's capacity is expected, not someone's decision.
  if (event.principal.arn?.includes('AWSServiceRoleForApplicationAutoScaling')) return posts;
  if (event.errorCode) {
    if (rules.failedCalls === 'note') posts.push({ kind: 'failed', message: formatFailedCreation(event, estimate) });
    return posts;
  }
  posts.push({
    kind: 'spend',
    message: formatSpendWarning({ event, estimate, policy: rules.policy }),
    estimate,
    groupKey: groupKeyOf(event, estimate),
  });
  return posts;
}

/** Identical creations: same account, region, principal, call and shape (type × count). */
export function groupKeyOf(event: CloudTrailEvent, estimate: CostEstimate): string {
  const identity = [
    event.accountId,
    event.region ?? '',
    event.principal.arn ?? event.principal.display,
    watchKey(event),
    estimate.summary,
  ].join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 40);
}
