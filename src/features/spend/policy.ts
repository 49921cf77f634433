import type { Severity } from '../../kernel/slack/severity';
import type { CostEstimate } from './estimate';

export interface SpendPolicy {
  warningMonthlyUsd: number;
  criticalMonthlyUsd: number;
  /** Slack user group id (S0123…) mentioned on critical warnings; none when unset. */
  mentionGroupId?: string;
}

/** Critical or warning by the monthly estimate; an unknown price still warns. */
export function severityOf(estimate: CostEstimate, policy: SpendPolicy): Severity {
  if (estimate.monthly === undefined) return estimate.usagePriced ? 'info' : 'warning';
  if (estimate.monthly >= policy.criticalMonthlyUsd) return 'critical';
  if (estimate.monthly >= policy.warningMonthlyUsd) return 'warning';
  return 'info';
}
