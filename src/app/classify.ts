import type { AccountNames } from '../kernel/accounts';
import type { Delivery } from '../kernel/envelopes/sns';
import type { AlarmNotification } from '../features/alarms/alarm';
import { alarmFrom } from '../features/alarms/parse';
import { awsEventMessage, type AwsEventMessage } from '../features/aws-events/notify';
import { genericFor, type GenericNotification } from '../features/generic/generic';
import { spendNotificationFrom, type SpendNotification } from '../features/spend/classify';

/** Every kind of notification Lamplighter reads. */
export type Notification = { delivery: Delivery } & (
  | { kind: 'alarm'; alarm: AlarmNotification }
  | SpendNotification
  | { kind: 'event'; event: AwsEventMessage }
  | { kind: 'generic'; generic: GenericNotification }
);

export type Kind = Notification['kind'];
type NotificationOf<K extends Kind> = Extract<Notification, { kind: K }>;

type Reader = (delivery: Delivery, names?: AccountNames) => Notification | undefined;

/**
 * What a notification is, decided in this one place for the notifier, `render` and the tests
 * (no feature dispatches to its siblings): each kind's reader, tried in order, the first that
 * reads a delivery names it; what none reads is the generic message. An alarm is tried first: an
 * EventBridge alarm state change is also an AWS event, and it is an incident, not a post.
 */
const READERS: readonly Reader[] = [
  (delivery, names) => {
    const alarm = alarmFrom(delivery);
    const accountName = alarm ? names?.get(alarm.accountId) : undefined;
    if (alarm) return { kind: 'alarm', delivery, alarm: accountName ? { ...alarm, accountName } : alarm };
  },
  // CloudTrail calls, Cost Anomaly and Budgets alerts (the cost guard's).
  (delivery, names) => {
    const spend = spendNotificationFrom(delivery, names);
    if (spend) return { ...spend, delivery };
  },
  (delivery, names) => {
    const event = awsEventMessage(delivery, names);
    if (event) return { kind: 'event', delivery, event };
  },
];

/**
 * Classifies one delivery. With the account names known where it arrived, the alarm, the spend
 * notification and the event carry them (the names an event's message shows are part of what it is).
 */
export function classify(delivery: Delivery, names?: AccountNames): Notification {
  for (const read of READERS) {
    const notification = read(delivery, names);
    if (notification) return notification;
  }
  return { kind: 'generic', delivery, generic: genericFor(delivery) };
}

/**
 * What a consumer of the table (`render`, the notifier) does with each kind: one handler per
 * kind, so a kind added above does not compile until every consumer says what it does with it.
 */
export type Handlers<Args extends unknown[], Result> = {
  [K in Kind]: (notification: NotificationOf<K>, ...args: Args) => Result;
};

/** Hands a classified notification to its kind's handler. */
export function dispatch<Args extends unknown[], Result>(
  handlers: Handlers<Args, Result>,
  notification: Notification,
  ...args: Args
): Result {
  // Each handler takes its own kind; TypeScript cannot relate `handlers[kind]` to the union.
  const handle = handlers[notification.kind] as (n: Notification, ...args: Args) => Result;
  return handle(notification, ...args);
}
