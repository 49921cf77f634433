import { packTs, unpackTs, type Step } from '../../kernel/delivery/run-once';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';
import { routeChannel } from '../../kernel/routing';
import type { SlackMessage } from '../../kernel/slack/blocks';
import type { GenericDeps } from '../generic/notify';
import { awsEventFrom, type AwsEvent } from './event';
import { formatAwsEvent } from './format';

/** A delivery that carries an AWS service event Lamplighter formats: the event and its message. */
export function awsEventMessage(delivery: Delivery): { event: AwsEvent; message: SlackMessage } | undefined {
  const json = messageJson(delivery);
  if (!json.ok) return undefined;
  const event = awsEventFrom(json.value);
  const message = event && formatAwsEvent(event);
  return event && message ? { event, message } : undefined;
}

/** Posts a formatted AWS event where routing sends its account and region (journaled, once). */
export async function postAwsEvent(
  found: { event: AwsEvent; message: SlackMessage },
  delivery: Delivery,
  deps: GenericDeps,
  step: Step,
): Promise<{ channel: string; ts: string }> {
  const channel = routeChannel(deps.routes, deps.defaultChannel, {
    accountId: found.event.account,
    region: found.event.region,
    topicArn: delivery.topicArn,
  });
  return unpackTs(await step('post', async () => packTs(await deps.slack.postMessage(channel, found.message))));
}
