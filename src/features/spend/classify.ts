import { parseCloudTrailEvent, type CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';
import { parseBudgetAlert, parseCostAnomaly, type BudgetAlert, type CostAnomaly } from './parse';

/** What the cost guard reads: a CloudTrail call, a Cost Anomaly alert (JSON), or a Budgets alert (text). */
export type SpendNotification =
  | { kind: 'cloudtrail'; event: CloudTrailEvent }
  | { kind: 'anomaly'; anomaly: CostAnomaly }
  | { kind: 'budget'; budget: BudgetAlert };

export function spendNotificationFrom(delivery: Delivery): SpendNotification | undefined {
  const json = messageJson(delivery);
  if (json.ok) {
    const event = parseCloudTrailEvent(json.value);
    if (event) return { kind: 'cloudtrail', event };
    const anomaly = parseCostAnomaly(json.value);
    return anomaly ? { kind: 'anomaly', anomaly } : undefined;
  }
  const budget = parseBudgetAlert(delivery.message);
  return budget ? { kind: 'budget', budget } : undefined;
}
