import { DEFAULT_WATCHLIST } from '../features/spend/estimate';
import type { CostRules } from '../features/spend/plan';

/**
 * The rules the cost guard ships with (its options' defaults): what `render` applies to CloudTrail
 * events, and the notifier to one that reached the alarm topic (the cost guard's own settings are
 * that function's environment, not the notifier's).
 */
export const DEFAULT_COST_RULES: CostRules = {
  watchlist: new Set(DEFAULT_WATCHLIST),
  policy: { warningMonthlyUsd: 100, criticalMonthlyUsd: 1000 },
  failedCalls: 'note',
  securityWatch: true,
};
