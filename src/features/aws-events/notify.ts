import { unitsForRouting, type AccountNames } from '../../kernel/accounts';
import { SlackDeliveryError } from '../../kernel/errors';
import { postOnce, replyOnce } from '../../kernel/delivery/post-once';
import { packTs, unpackTs, type Step } from '../../kernel/delivery/run-once';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';
import { routeChannelId } from '../../kernel/routing';
import { textMessage } from '../../kernel/slack/text';
import { NOTIFICATION_EVENT, type GenericDeps } from '../generic/notify';
import { awsEventFrom, type AwsEvent } from './event';
import { backupSnsEvent } from './backup-sns';
import { formatAwsEvent, type FormattedEvent } from './format';
import type { EventMessageStore } from './ports';

export interface AwsEventDeps extends GenericDeps {
  /** Absent: every update is a message of its own. */
  eventMessages?: EventMessageStore;
}

/** An AWS service event Lamplighter formats, with its message. */
export type AwsEventMessage = { event: AwsEvent } & FormattedEvent;

/** A delivery that carries an AWS service event Lamplighter formats: the event and its message. */
export function awsEventMessage(delivery: Delivery, accountNames?: AccountNames): AwsEventMessage | undefined {
  const json = messageJson(delivery);
  // Not JSON: AWS Backup's own notifications are plain text, read into the event they stand for.
  const parsed = json.ok ? awsEventFrom(json.value) : backupSnsEvent(delivery);
  if (!parsed) return undefined;
  const event = accountNames?.size ? { ...parsed, accountNames } : parsed;
  let formatted: FormattedEvent | undefined;
  try {
    formatted = formatAwsEvent(event);
  } catch {
    // A shape no formatter foresaw must not cost the notification: it is posted as the generic message.
    return undefined;
  }
  return formatted ? { event, ...formatted } : undefined;
}

/**
 * Posts a formatted AWS event where routing sends its account and region (journaled, once). An
 * update of a finding or Health event already posted edits that message in place and says so in
 * its thread, instead of posting a new one.
 */
export async function postAwsEvent(
  found: AwsEventMessage,
  delivery: Delivery,
  deps: AwsEventDeps,
  step: Step,
  retried: boolean,
): Promise<{ channel: string; ts: string }> {
  // Each post names its delivery: after a lost answer, the retry finds it instead of posting twice.
  const metadata = { event_type: NOTIFICATION_EVENT, event_payload: { delivery: delivery.messageId } };
  const earlier = await deps.eventMessages?.get(found.key);
  if (earlier) {
    try {
      await step('update', async () => {
        await deps.slack.updateMessage(earlier.channel, earlier.ts, found.message);
        return 'updated';
      });
      const reply = replyOnce(deps.slack, earlier, textMessage(found.update), metadata, { unsure: retried });
      await step('reply', async () => packTs(await reply()));
      return earlier;
    } catch (err) {
      // Deleted in Slack: the update is posted as a message of its own.
      if (!(err instanceof SlackDeliveryError && err.code === 'slack_message_not_found')) throw err;
    }
  }
  const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, {
    accountId: found.event.account,
    ...(found.event.account && found.event.accountNames?.has(found.event.account)
      ? { accountName: found.event.accountNames.get(found.event.account) }
      : {}),
    region: found.event.region,
    topicArn: delivery.topicArn,
    ...(await unitsForRouting(deps.routes, deps.accounts, found.event.account)),
  });
  const once = postOnce(deps.slack, channel, found.message, metadata, {
    unsure: retried,
    log: deps.log,
    since: delivery.timestamp,
  });
  const posted = unpackTs(await step('post', async () => packTs(await once())));
  await deps.eventMessages?.put(found.key, posted);
  return posted;
}
