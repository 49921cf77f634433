import { unitsForRouting, type AccountDirectory } from '../../kernel/accounts';
import { postOnce, replyOnce } from '../../kernel/delivery/post-once';
import { packTs, runOnce, unpackTs, type Step } from '../../kernel/delivery/run-once';
import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import { genericFor } from '../generic/generic';
import { postGeneric } from '../generic/notify';
import { spendNotificationFrom } from './classify';
import { type Delivery } from '../../kernel/envelopes/sns';
import type { Logger } from '../../kernel/log';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatRepeat, formatSpendWarning, reminderOf } from './format';
import type { RetryBudget } from '../../kernel/retry';
import { routeChannelId, type RouteFacts, type RouteRule } from '../../kernel/routing';
import type { PostedMessage, SlackPort } from '../../kernel/slack/port';
import type { DeliveryJournal } from '../../kernel/delivery/journal';
import { type SpendGroupStore } from './ports';
import { SPEND_EVENT, spendDeliveryId, spendPosts } from './posts';
import { factsFor, type CreationFactsPort } from './facts';
import { planCloudTrail, type CostPost, type CostRules } from './plan';
import type { PriceSource } from './prices/key';

export { SPEND_EVENT } from './posts';

export interface CostGuardDeps {
  slack: SlackPort;
  journal: DeliveryJournal;
  groups: SpendGroupStore;
  rules: CostRules;
  /** List prices: the Price List API behind a cache, falling back to the bundled snapshot. */
  prices: PriceSource;
  /** What an estimate needs that the event lacks (SageMaker endpoint configs, launch templates). */
  facts?: CreationFactsPort;
  routes: readonly RouteRule[];
  defaultChannel: string;
  groupWindowMs: number;
  now: () => Date;
  log: Logger;
  /** Absent: accounts are shown by id only. */
  accounts?: AccountDirectory;
}

export interface CostOutcome {
  messageId: string;
  action: 'spend' | 'grouped' | 'security' | 'failed-note' | 'budget' | 'anomaly' | 'generic' | 'ignored' | 'duplicate';
  posts: number;
}

/**
 * Handles one delivery to the cost guard: a CloudTrail event (spend warning, security note,
 * failed-call note), a Budgets or Cost Anomaly alert, or anything else as a generic message.
 * The dedup key is the CloudTrail event id where there is one, so the same call reaching us
 * by two routes (SNS and EventBridge directly) still posts once.
 */
export async function guard(delivery: Delivery, deps: CostGuardDeps, budget: RetryBudget): Promise<CostOutcome> {
  const notification = spendNotificationFrom(delivery, await deps.accounts?.names());
  const id = notification ? spendDeliveryId(notification, delivery) : delivery.messageId;
  const outcome = await runOnce(id, deps, budget, async (step, attempt): Promise<CostOutcome> => {
    // Each top-level post names the delivery and the post: a lost answer is found, not re-sent.
    const post: Post = async (name, facts, message, thread) => {
      const metadata = { event_type: SPEND_EVENT, event_payload: { delivery: id, post: name } };
      if (thread) {
        const reply = replyOnce(deps.slack, thread, message, metadata, { unsure: attempt.retried });
        return unpackTs(await step(name, async () => packTs(await reply())));
      }
      const units = await unitsForRouting(deps.routes, deps.accounts, facts.accountId);
      const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, { ...facts, ...units });
      const once = postOnce(deps.slack, channel, message, metadata, {
        unsure: attempt.retried,
        log: deps.log,
        // A retry or a redrive hours later still finds the post: from the delivery's own time.
        since: delivery.timestamp,
      });
      return unpackTs(await step(name, async () => packTs(await once())));
    };
    const facts: RouteFacts = { topicArn: delivery.topicArn };
    switch (notification?.kind) {
      case 'cloudtrail':
        return cloudTrail(notification.event, id, deps, step, post);
      case 'budget':
      case 'anomaly': {
        // An alert is one post, as `render` prints it.
        const [alert] = await spendPosts(notification, deps.rules, deps.prices);
        if (alert) await post(alert.name, { ...facts, ...alert.facts }, alert.message);
        return { messageId: id, action: notification.kind, posts: 1 };
      }
      default:
        // Not a spend notification: still posted, readably (a long body follows as a file).
        await postGeneric(genericFor(delivery), delivery, deps, step, attempt.retried);
        return { messageId: id, action: 'generic', posts: 1 };
    }
  });
  if (outcome === 'duplicate') return { messageId: id, action: 'duplicate', posts: 0 };
  const account =
    notification?.kind === 'cloudtrail'
      ? notification.event.accountId
      : notification?.kind === 'budget'
        ? notification.budget.accountId
        : notification?.kind === 'anomaly'
          ? notification.anomaly.accountId
          : undefined;
  deps.log.info('cost guard delivered', { ...outcome, ...(account ? { account } : {}) });
  return outcome;
}

/** A top-level post routed by `facts`, or a reply in `thread`: journaled as step `name`, made once. */
type Post = (
  name: string,
  facts: RouteFacts,
  message: SlackMessage,
  thread?: PostedMessage,
) => Promise<{ channel: string; ts: string }>;

async function cloudTrail(
  event: CloudTrailEvent,
  id: string,
  deps: CostGuardDeps,
  step: Step,
  post: Post,
): Promise<CostOutcome> {
  const facts: RouteFacts = { accountId: event.accountId, accountName: event.accountName, region: event.region };
  const watched = deps.rules.watchlist.has(`${event.service}:${event.eventName}`);
  const creation = watched ? await factsFor(event, deps.facts, deps.log) : {};
  const plan = await planCloudTrail(event, deps.rules, deps.prices, creation);
  if (plan.length === 0) {
    deps.log.info('not on the watchlist; nothing to post', {
      messageId: id,
      call: `${event.service}:${event.eventName}`,
    });
    return { messageId: id, action: 'ignored', posts: 0 };
  }
  let action: CostOutcome['action'] = 'ignored';
  for (const item of plan) {
    if (item.kind === 'security') {
      await post('security', facts, item.message);
      action = 'security';
    } else if (item.kind === 'failed') {
      await post('failed', facts, item.message);
      action = 'failed-note';
    } else {
      action = await spendWarning(event, item, deps, step, post, facts);
    }
  }
  return { messageId: id, action, posts: plan.length };
}

async function spendWarning(
  event: CloudTrailEvent,
  item: Extract<CostPost, { kind: 'spend' }>,
  deps: CostGuardDeps,
  step: Step,
  post: Post,
  facts: RouteFacts,
): Promise<CostOutcome['action']> {
  const at = event.eventTime ?? deps.now();
  const group = await deps.groups.getGroup(item.groupKey);
  if (group?.lastEventId === event.eventId) {
    // An earlier attempt at this event posted (or grouped) it and saved that: nothing is left to do.
    return group.count > 1 ? 'grouped' : 'spend';
  }
  if (
    group &&
    deps.groupWindowMs > 0 &&
    at.getTime() - group.lastAt.getTime() <= deps.groupWindowMs &&
    at.getTime() >= group.firstAt.getTime()
  ) {
    // The same creation again, by the same principal, soon after: one thread, not a new message.
    const count = group.count + 1;
    await post('repeat', facts, formatRepeat(event, item.estimate, count), { channel: group.channel, ts: group.ts });
    await step('update', async () => {
      await deps.slack.updateMessage(
        group.channel,
        group.ts,
        formatSpendWarning({ event, estimate: item.estimate, policy: deps.rules.policy, count }),
      );
      return 'updated';
    });
    await deps.groups.putGroup({ ...group, count, lastAt: at, lastEventId: event.eventId, version: group.version + 1 });
    return 'grouped';
  }
  const posted = await post('spend', facts, item.message);
  await deps.groups.putSpendInfo(reminderOf(event, item.estimate));
  await deps.groups.putGroup({
    key: item.groupKey,
    channel: posted.channel,
    ts: posted.ts,
    count: 1,
    firstAt: at,
    lastAt: at,
    lastEventId: event.eventId,
    version: (group?.version ?? 0) + 1,
  });
  return 'spend';
}
