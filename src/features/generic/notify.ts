import { unitsForRouting, type AccountDirectory } from '../../kernel/accounts';
import { postOnce } from '../../kernel/delivery/post-once';
import { packTs, unpackTs, type Step } from '../../kernel/delivery/run-once';
import type { Delivery } from '../../kernel/envelopes/sns';
import type { Logger } from '../../kernel/log';
import { routeChannelId, type RouteRule } from '../../kernel/routing';
import type { SlackPort } from '../../kernel/slack/port';
import { formatGeneric, genericBodyFits } from './format';
import type { GenericNotification } from './generic';

export interface GenericDeps {
  slack: SlackPort;
  routes: readonly RouteRule[];
  defaultChannel: string;
  /** Absent: accounts are shown by id only, and rules by organisational unit never match. */
  accounts?: AccountDirectory;
  log: Logger;
}

/** The metadata a notification's top-level post carries, so a post whose answer was lost is found, not re-sent. */
export const NOTIFICATION_EVENT = 'lamplighter_notification';

/**
 * Posts the readable fallback for a delivery nothing else understood. A body too long for
 * Slack is cut visibly in the message, and the whole of it follows in the thread as a file.
 */
export async function postGeneric(
  generic: GenericNotification,
  delivery: Delivery,
  deps: GenericDeps,
  step: Step,
  retried: boolean,
): Promise<{ channel: string; ts: string }> {
  const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, {
    accountId: generic.accountId,
    region: generic.region,
    topicArn: delivery.topicArn,
    ...(await unitsForRouting(deps.routes, deps.accounts, generic.accountId)),
  });
  const fits = genericBodyFits(generic);
  const message = formatGeneric(generic, { fullBodyAttached: !fits });
  const once = postOnce(
    deps.slack,
    channel,
    message,
    { event_type: NOTIFICATION_EVENT, event_payload: { delivery: delivery.messageId } },
    { unsure: retried, log: deps.log, since: delivery.timestamp },
  );
  const posted = unpackTs(await step('post', async () => packTs(await once())));
  if (!fits) {
    await step('file', async () => {
      await deps.slack.uploadFile({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: generic.bodyIsJson ? 'message.json' : 'message.txt',
        title: 'The whole message',
        content: generic.body,
      });
      return 'uploaded';
    });
  }
  return posted;
}
