import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { parseAwsTime } from '../aws/time';
import { nonEmptyString, optionalString } from '../schema';
import { eventBridgeEnvelope } from './eventbridge';
import { bounded, boundedJson } from '../untrusted';

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
    topicArn: sns.TopicArn === undefined ? undefined : bounded(sns.TopicArn),
    subject: sns.Subject === undefined ? undefined : bounded(sns.Subject),
    message: sns.Message,
    timestamp: parseAwsTime(sns.Timestamp),
  };
}

function wrap(value: unknown): Delivery {
  const message = typeof value === 'string' ? value : jsonText(value);
  return { messageId: hashId(message), message };
}

/** JSON text of any parsed value, however deep: what was sent is kept, never a stack overflow. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (err) {
    // JSON.stringify recurses: a notification nested 12,000 deep overflows the stack.
    return err instanceof RangeError ? stringifyIteratively(value) : String(value);
  }
}

/** JSON.stringify for plain parsed JSON, with a stack of its own instead of the call stack. */
function stringifyIteratively(value: unknown): string {
  const out: string[] = [];
  const work: Array<{ text: string } | { value: unknown }> = [{ value }];
  const absent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  while (work.length) {
    const item = work.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    if (Array.isArray(v)) {
      work.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        work.push({ value: absent(v[i]) ? null : v[i] });
        if (i > 0) work.push({ text: ',' });
      }
      work.push({ text: '[' });
    } else if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      const entries = Object.entries(v).filter(([, e]) => !absent(e));
      work.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, e] = entries[i]!;
        work.push({ value: e }, { text: `${JSON.stringify(key)}:` });
        if (i > 0) work.push({ text: ',' });
      }
      work.push({ text: '{' });
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  }
  return out.join('');
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

/**
 * The delivery's body as JSON, when it is JSON, with every string in it bounded
 * (`kernel/untrusted.ts`): this is where a notification's text enters, before any parser or
 * formatter runs a regular expression over it. `whole` keeps the strings as sent, for showing
 * the body itself.
 */
export function messageJson(
  delivery: Delivery,
  options: { whole?: boolean } = {},
): { ok: true; value: unknown } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(delivery.message.trim());
  } catch {
    return { ok: false };
  }
  return { ok: true, value: options.whole ? value : boundedJson(value) };
}
