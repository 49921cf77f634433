import { createHash } from 'node:crypto';
import {
  parseEventBridgeAlarm,
  parseSnsAlarm,
  parseAwsTime,
  type AlarmNotification,
} from '../../features/alarms/parse';
import { parseArn } from '../aws/arn';
import { parseCloudTrailEvent, type CloudTrailEvent } from './cloudtrail';
import { parseBudgetAlert, parseCostAnomaly, type BudgetAlert, type CostAnomaly } from '../../features/spend/parse';
import * as z from 'zod/mini';
import { nonEmptyString, optionalString, stringish } from '../schema';

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

export type Notification =
  | { kind: 'alarm'; delivery: Delivery; alarm: AlarmNotification }
  | { kind: 'cloudtrail'; delivery: Delivery; event: CloudTrailEvent }
  | { kind: 'budget'; delivery: Delivery; budget: BudgetAlert }
  | { kind: 'anomaly'; delivery: Delivery; anomaly: CostAnomaly }
  | { kind: 'generic'; delivery: Delivery; generic: GenericNotification };

const snsMessageSchema = z.object({
  Type: z.optional(z.string()),
  MessageId: nonEmptyString,
  TopicArn: optionalString,
  Subject: optionalString,
  Message: z.string(),
  Timestamp: optionalString,
});

const eventBridgeId = z.object({ 'detail-type': z.string(), id: nonEmptyString });

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
  const eb = eventBridgeId.safeParse(input);
  if (eb.success) return [{ ...wrap(input), messageId: `eventbridge-${eb.data.id}` }];
  return [wrap(input)];
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const eventBridgeShape = z.object({
  'detail-type': z.string(),
  source: z.string(),
  account: z.optional(stringish),
  region: z.optional(z.string()),
  time: z.optional(z.string()),
});

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
  const trimmed = delivery.message.trim();
  const json = tryJson(trimmed);
  if (!json.ok) {
    if (/^[[{]/.test(trimmed))
      base.note = 'The message looks like JSON but does not parse (truncated?); shown as sent.';
    return base;
  }
  base.body = JSON.stringify(json.value, null, 2);
  base.bodyIsJson = true;
  const eb = eventBridgeShape.safeParse(json.value);
  if (eb.success) {
    if (!delivery.subject?.trim()) base.title = `${eb.data['detail-type']} (${eb.data.source})`;
    base.accountId = eb.data.account ?? base.accountId;
    base.region = eb.data.region ?? base.region;
    base.timestamp = parseAwsTime(eb.data.time) ?? base.timestamp;
  }
  return base;
}

/** Classifies one delivery: an alarm, a CloudTrail event, a budget or anomaly alert, or a generic message. */
export function classify(delivery: Delivery): Notification {
  const json = tryJson(delivery.message.trim());
  if (json.ok) {
    const topicRegion = parseArn(delivery.topicArn)?.region;
    const alarm = parseSnsAlarm(json.value, topicRegion) ?? parseEventBridgeAlarm(json.value);
    if (alarm) return { kind: 'alarm', delivery, alarm };
    const event = parseCloudTrailEvent(json.value);
    if (event) return { kind: 'cloudtrail', delivery, event };
    const anomaly = parseCostAnomaly(json.value);
    if (anomaly) return { kind: 'anomaly', delivery, anomaly };
  } else {
    const budget = parseBudgetAlert(delivery.message);
    if (budget) return { kind: 'budget', delivery, budget };
  }
  return { kind: 'generic', delivery, generic: genericFor(delivery) };
}
