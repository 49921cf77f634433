import type { AccountNames } from '../../kernel/accounts';
import { parseCloudTrailEvent, type CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';
import { parseBudgetAlert, parseCostAnomaly, type BudgetAlert, type CostAnomaly } from './parse';

/** What the cost guard reads: a CloudTrail call, a Cost Anomaly alert (JSON), or a Budgets alert (text). */
export type SpendNotification =
  | { kind: 'cloudtrail'; event: CloudTrailEvent }
  | { kind: 'anomaly'; anomaly: CostAnomaly }
  | { kind: 'budget'; budget: BudgetAlert };

/** The spend notification a delivery carries, with its account's name where one is known. */
export function spendNotificationFrom(delivery: Delivery, names?: AccountNames): SpendNotification | undefined {
  return named(read(delivery), names);
}

function read(delivery: Delivery): SpendNotification | undefined {
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

/** The notification with its account's name, where one is known (a Cost Anomaly alert may carry its own). */
function named(notification: SpendNotification | undefined, names: AccountNames | undefined) {
  if (!notification || !names?.size) return notification;
  switch (notification.kind) {
    case 'cloudtrail': {
      const accountName = names.get(notification.event.accountId);
      return accountName ? { ...notification, event: { ...notification.event, accountName } } : notification;
    }
    case 'budget': {
      const accountName = notification.budget.accountId ? names.get(notification.budget.accountId) : undefined;
      return accountName ? { ...notification, budget: { ...notification.budget, accountName } } : notification;
    }
    case 'anomaly': {
      const id = notification.anomaly.accountId;
      const accountName = id ? names.get(id) : undefined;
      return accountName ? { ...notification, anomaly: { ...notification.anomaly, accountName } } : notification;
    }
  }
}
