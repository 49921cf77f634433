import { unitsForRouting, type AccountDirectory } from '../../kernel/accounts';
import { postOnce } from '../../kernel/delivery/post-once';
import { packTs, unpackTs, type Step } from '../../kernel/delivery/run-once';
import type { Delivery } from '../../kernel/envelopes/sns';
import type { Logger } from '../../kernel/log';
import { routeChannelId, type RouteFacts, type RouteRule } from '../../kernel/routing';
import type { SlackMessage } from '../../kernel/slack/blocks';
import type { SlackPort } from '../../kernel/slack/port';
import type { SpendNotification } from './classify';
import { formatBudgetAlert, formatCostAnomaly } from './format-alerts';
import { reminderOf } from './format';
import { planCloudTrail, type CostRules } from './plan';
import { spendId, type SpendGroupStore, type SpendInfo } from './ports';
import type { PriceSource } from './prices/key';

/** The metadata event type of the cost guard's own posts. */
export const SPEND_EVENT = 'lamplighter_spend';

/** One message the cost guard posts for a notification, where routing sends its facts. */
export interface SpendPost {
  /** The journal's step name: `post` (an alert), `security`, `failed` or `spend`. */
  name: string;
  facts: RouteFacts;
  message: SlackMessage;
  /** A spend warning's: what its "Remind me in 24h" button will need. */
  reminder?: SpendInfo;
}

/**
 * What the cost guard posts first for a spend notification, without the state it keeps (repeats
 * grouped into one thread): a Budgets or Cost Anomaly alert, or a CloudTrail call's security
 * note, spend warning or failed-call note. Empty for a call it would not post (off the watchlist).
 * `render` prints these; the notifier posts them for a notification that reached the alarm topic.
 */
export async function spendPosts(
  notification: SpendNotification,
  rules: CostRules,
  prices: PriceSource,
): Promise<SpendPost[]> {
  switch (notification.kind) {
    case 'budget': {
      const { accountId, accountName } = notification.budget;
      return [{ name: 'post', facts: { accountId, accountName }, message: formatBudgetAlert(notification.budget) }];
    }
    case 'anomaly': {
      const { accountId, accountName } = notification.anomaly;
      return [{ name: 'post', facts: { accountId, accountName }, message: formatCostAnomaly(notification.anomaly) }];
    }
    case 'cloudtrail': {
      const event = notification.event;
      const facts: RouteFacts = { accountId: event.accountId, accountName: event.accountName, region: event.region };
      const plan = await planCloudTrail(event, rules, prices);
      return plan.map((item) => ({
        name: item.kind,
        facts,
        message: item.message,
        ...(item.kind === 'spend' ? { reminder: reminderOf(event, item.estimate) } : {}),
      }));
    }
  }
}

/** The journal id of a spend notification: a CloudTrail call's own id, so two routes to it post once. */
export const spendDeliveryId = (notification: SpendNotification, delivery: Delivery): string =>
  notification.kind === 'cloudtrail' ? `cloudtrail-${spendId(notification.event)}` : delivery.messageId;

export interface SpendPostDeps {
  slack: SlackPort;
  routes: readonly RouteRule[];
  defaultChannel: string;
  accounts?: AccountDirectory;
  /** Where a spend warning's details are kept for its "Remind me in 24h" button. */
  spendInfo?: Pick<SpendGroupStore, 'putSpendInfo'>;
  log: Logger;
}

/**
 * Posts each of `posts` where routing sends it, as a journaled step named after it (a retry after
 * a lost answer finds the post instead of posting twice). Returns the first post.
 */
export async function postSpend(
  posts: readonly SpendPost[],
  id: string,
  delivery: Delivery,
  deps: SpendPostDeps,
  step: Step,
  retried: boolean,
): Promise<{ channel: string; ts: string }> {
  const posted: Array<{ channel: string; ts: string }> = [];
  for (const post of posts) {
    const units = await unitsForRouting(deps.routes, deps.accounts, post.facts.accountId);
    const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, {
      ...post.facts,
      topicArn: delivery.topicArn,
      ...units,
    });
    const metadata = { event_type: SPEND_EVENT, event_payload: { delivery: id, post: post.name } };
    const once = postOnce(deps.slack, channel, post.message, metadata, {
      unsure: retried,
      log: deps.log,
      since: delivery.timestamp,
    });
    posted.push(unpackTs(await step(post.name, async () => packTs(await once()))));
    if (post.reminder) await deps.spendInfo?.putSpendInfo(post.reminder);
  }
  const first = posted[0];
  if (!first) throw new Error('postSpend: nothing to post');
  return first;
}
