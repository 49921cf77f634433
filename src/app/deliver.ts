import { runOnce, type Step } from '../kernel/delivery/run-once';
import type { Delivery } from '../kernel/envelopes/sns';
import type { RetryBudget } from '../kernel/retry';
import {
  notify as notifyAlarm,
  type NotifierDeps as AlarmDeps,
  type Outcome as AlarmOutcome,
} from '../features/alarms/notify';
import { postAwsEvent, type AwsEventDeps } from '../features/aws-events/notify';
import { genericFor, type GenericNotification } from '../features/generic/generic';
import { postGeneric } from '../features/generic/notify';
import type { SpendNotification } from '../features/spend/classify';
import type { SpendPostDeps } from '../features/spend/posts';
import { deliverSpend } from './deliver-spend';
import { classify, dispatch, type Handlers, type Notification } from './classify';

/**
 * What the notifier's features need: the alarms' stores and settings, where events' messages are,
 * and where a spend warning's details are kept.
 */
export type NotifierDeps = AlarmDeps & AwsEventDeps & Pick<SpendPostDeps, 'spendInfo'>;

/** What became of one delivery: an alarm's plan, a post of an event, a spend alert or a generic message, or a duplicate. */
export type Outcome = Omit<AlarmOutcome, 'action'> & {
  action: AlarmOutcome['action'] | 'event' | 'spend' | 'generic';
};

type Post = (step: Step, retried: boolean) => Promise<{ channel: string; ts: string }>;

/** A single post, journaled under the delivery's SNS message id: a redelivery posts nothing twice. */
async function journaledPost(
  action: 'event' | 'generic',
  delivery: Delivery,
  deps: NotifierDeps,
  budget: RetryBudget,
  post: Post,
): Promise<Outcome> {
  const outcome = await runOnce(delivery.messageId, deps, budget, async (step, attempt): Promise<Outcome> => {
    const posted = await post(step, attempt.retried);
    return { messageId: delivery.messageId, action, ...posted };
  });
  if (outcome === 'duplicate') return { messageId: delivery.messageId, action: 'duplicate' };
  deps.log.info('delivered', { ...outcome });
  return outcome;
}

/** The generic message, journaled like any post. */
const postAsGeneric = (generic: GenericNotification, n: Notification, deps: NotifierDeps, budget: RetryBudget) =>
  journaledPost('generic', n.delivery, deps, budget, (step, retried) =>
    postGeneric(generic, n.delivery, deps, step, retried),
  );

/** Shown as it came: the generic message, routed by what its envelope says. */
const asGeneric = (n: Notification, deps: NotifierDeps, budget: RetryBudget) =>
  postAsGeneric(genericFor(n.delivery), n, deps, budget);

/**
 * A spend notification (the cost guard's kinds) that reached the alarm topic: posted as the cost
 * guard would post it first, through the spend feature; a CloudTrail call it would not post, as it
 * came.
 */
async function asSpend(n: Extract<Notification, SpendNotification>, deps: NotifierDeps, budget: RetryBudget) {
  return (await deliverSpend(n, deps, budget)) ?? asGeneric(n, deps, budget);
}

/** What the notifier does with each kind of notification: each feature posts its own. */
const NOTIFY: Handlers<[NotifierDeps, RetryBudget], Promise<Outcome>> = {
  alarm: (n, deps, budget) => notifyAlarm(n.alarm, n.delivery, deps, budget),
  event: (n, deps, budget) =>
    journaledPost('event', n.delivery, deps, budget, (step, retried) =>
      postAwsEvent(n.event, n.delivery, deps, step, retried),
    ),
  generic: (n, deps, budget) => postAsGeneric(n.generic, n, deps, budget),
  // The cost guard reads these from its own topic (and the CloudTrail rule); one that reaches the
  // alarm topic is shown as the cost guard shows it.
  cloudtrail: asSpend,
  budget: asSpend,
  anomaly: asSpend,
};

/** Handles one delivery to the notifier end to end: classified once, handed to its kind's feature. */
export async function deliver(delivery: Delivery, deps: NotifierDeps, budget: RetryBudget): Promise<Outcome> {
  return dispatch(NOTIFY, classify(delivery, await deps.accounts?.names()), deps, budget);
}
