import * as z from 'zod/mini';
import { parseArn } from '../../kernel/aws/arn';
import { parseAwsTime } from '../../kernel/aws/time';
import { eventBridgeEnvelope } from '../../kernel/envelopes/eventbridge';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';

/** Anything that is not (or not yet) a known notification, made readable. */
export interface GenericNotification {
  title: string;
  /** Pretty JSON when the body parsed as JSON, else the text as sent. */
  body: string;
  bodyIsJson: boolean;
  /** Why this is generic: "not an alarm", "truncated or invalid JSON"… shown in the message. */
  note?: string;
  source?: string;
  accountId?: string;
  region?: string;
  timestamp?: Date;
}

const withSource = z.extend(eventBridgeEnvelope, { source: z.string() });

/** The readable fallback for any delivery. */
export function genericFor(delivery: Delivery): GenericNotification {
  const topic = parseArn(delivery.topicArn);
  const base: GenericNotification = {
    title: delivery.subject?.trim() || (topic ? `Message on ${topic.resource}` : 'Notification'),
    body: delivery.message,
    bodyIsJson: false,
    source: delivery.topicArn,
    accountId: topic?.accountId || undefined,
    region: topic?.region || undefined,
    timestamp: delivery.timestamp,
  };
  const json = messageJson(delivery);
  if (!json.ok) {
    if (/^[[{]/.test(delivery.message.trim()))
      base.note = 'The message looks like JSON but does not parse (truncated?); shown as sent.';
    return base;
  }
  let pretty: string;
  try {
    pretty = JSON.stringify(json.value, null, 2);
  } catch {
    // Nested deeper than the stack allows: shown as sent.
    base.note = 'The message is nested too deeply to lay out; shown as sent.';
    return base;
  }
  base.body = pretty;
  base.bodyIsJson = true;
  const eb = withSource.safeParse(json.value);
  if (eb.success) {
    if (!delivery.subject?.trim()) base.title = `${eb.data['detail-type']} (${eb.data.source})`;
    base.accountId = eb.data.account ?? base.accountId;
    base.region = eb.data.region ?? base.region;
    base.timestamp = parseAwsTime(eb.data.time) ?? base.timestamp;
  }
  return base;
}
