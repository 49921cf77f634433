import type { Delivery } from '../kernel/envelopes/sns';
import type { AlarmNotification } from '../features/alarms/alarm';
import { alarmFrom } from '../features/alarms/parse';
import { awsEventMessage } from '../features/aws-events/notify';
import type { SlackMessage } from '../kernel/slack/blocks';
import { genericFor, type GenericNotification } from '../features/generic/generic';
import { spendNotificationFrom, type SpendNotification } from '../features/spend/classify';

/** Every kind of notification Lamplighter reads, as one flat table (for `render` and tests). */
export type Notification = { delivery: Delivery } & (
  | { kind: 'alarm'; alarm: AlarmNotification }
  | SpendNotification
  | { kind: 'event'; message: SlackMessage }
  | { kind: 'generic'; generic: GenericNotification }
);

/** Classifies one delivery: an alarm, a CloudTrail event, a budget or anomaly alert, or a generic message. */
export function classify(delivery: Delivery): Notification {
  const alarm = alarmFrom(delivery);
  if (alarm) return { kind: 'alarm', delivery, alarm };
  const spend = spendNotificationFrom(delivery);
  if (spend) return { ...spend, delivery };
  const event = awsEventMessage(delivery);
  if (event) return { kind: 'event', delivery, message: event.message };
  return { kind: 'generic', delivery, generic: genericFor(delivery) };
}
