import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { parseAwsTime } from '../aws/time';
import { nonEmptyString, optionalString } from '../schema';
import { eventBridgeEnvelope } from './eventbridge';

/** One message as it reached us: an SNS delivery, or something we wrap as one. */
export interface Delivery {
  /** SNS MessageId, or a content hash when the input carried none: the dedup key. */
  messageId: string;
  topicArn?: string;
  subject?: string;
  /** The message body exactly as delivered (usually JSON text, sometimes plain text). */
  message: string;
  timestamp?: Date;
}

const snsMessageSchema = z.object({
  Type: z.optional(z.string()),
  MessageId: nonEmptyString,
  TopicArn: optionalString,
  Subject: optionalString,
  Message: z.string(),
  Timestamp: optionalString,
});

const eventBridgeWithId = z.extend(eventBridgeEnvelope, { id: nonEmptyString });

const lambdaSnsEventSchema = z.object({
  Records: z.array(z.looseObject({ Sns: z.unknown() })).check(z.minLength(1)),
});

function hashId(text: string): string {
  return 'sha256-' + createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function fromSnsMessage(sns: z.infer<typeof snsMessageSchema>): Delivery {
  return {
    messageId: sns.MessageId,
    topicArn: sns.TopicArn,
    subject: sns.Subject,
    message: sns.Message,
    timestamp: parseAwsTime(sns.Timestamp),
  };
}

function wrap(value: unknown): Delivery {
  const message = typeof value === 'string' ? value : JSON.stringify(value);
  return { messageId: hashId(message), message };
}

/**
 * Splits whatever arrived into deliveries: a Lambda SNS event (one per record), a bare SNS
 * notification, or anything else (a raw alarm, an EventBridge event, text), wrapped whole.
 * Never throws: a record we cannot read becomes a delivery of its own JSON.
 */
export function deliveriesFrom(input: unknown): Delivery[] {
  const event = lambdaSnsEventSchema.safeParse(input);
  if (event.success) {
    return event.data.Records.map((record) => {
      const sns = snsMessageSchema.safeParse(record.Sns);
      return sns.success ? fromSnsMessage(sns.data) : wrap(record);
    });
  }
  const bare = snsMessageSchema.safeParse(input);
  if (bare.success) return [fromSnsMessage(bare.data)];
  // An EventBridge event delivered straight to Lambda: its id is the dedup key.
  const eb = eventBridgeWithId.safeParse(input);
  if (eb.success) return [{ ...wrap(input), messageId: `eventbridge-${eb.data.id}` }];
  return [wrap(input)];
}

/** The delivery's body as JSON, when it is JSON. */
export function messageJson(delivery: Delivery): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(delivery.message.trim()) };
  } catch {
    return { ok: false };
  }
}
