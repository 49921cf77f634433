import { headUnits } from '../../kernel/slack/text';
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
  /** The most identifying fields (source, type, resources, names, ids, states), shown before the body. */
  highlights?: Array<[label: string, value: string]>;
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
  let pretty: string | undefined;
  // Measured first: a failed JSON.stringify 12,000 levels down costs the notifier half a second.
  if (!deeperThan(json.value, MAX_LAID_OUT_DEPTH)) {
    try {
      // The body as sent, strings whole (the highlights below read the bounded copy).
      const whole = messageJson(delivery, { whole: true });
      pretty = JSON.stringify(whole.ok ? whole.value : json.value, null, 2);
    } catch {
      // Nested deeper than the stack allows.
    }
  }
  if (pretty === undefined) {
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
    base.highlights = highlightsOf(eb.data.source, eb.data['detail-type'], eb.data.resources ?? [], eb.data.detail);
  }
  return base;
}

/** Deeper than anyone writes a notification; shallower than JSON.stringify's stack allows. */
const MAX_LAID_OUT_DEPTH = 1000;

/** Whether a parsed JSON value nests deeper than `max`: a loop, not recursion. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** A detail field that names or identifies something, by its key. */
const IDENTIFYING = /(?:id|name|arn|identifier|state|status|reason|type|code)$/i;
const MAX_HIGHLIGHTS = 8;

/** The fields a person looks for first in an event nobody wrote a formatter for. */
function highlightsOf(
  source: string,
  detailType: string,
  resources: string[],
  detail: unknown,
): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['Source', source],
    ['Event', detailType],
  ];
  if (resources.length)
    out.push([
      'Resources',
      resources.slice(0, 3).join('\n') + (resources.length > 3 ? `\n…and ${resources.length - 3} more` : ''),
    ]);
  const seen = new Set<string>();
  const visit = (node: unknown, path: string, depth: number) => {
    if (out.length >= MAX_HIGHLIGHTS + 2 || depth > 2 || !node || typeof node !== 'object' || Array.isArray(node))
      return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (out.length >= MAX_HIGHLIGHTS + 2) return;
      const label = path ? `${path}.${key}` : key;
      if ((typeof value === 'string' || typeof value === 'number') && IDENTIFYING.test(key) && String(value).trim()) {
        const text = String(value);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push([label, text.length > 200 ? `${headUnits(text, 199)}…` : text]);
      }
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>))
      if (value && typeof value === 'object' && !Array.isArray(value))
        visit(value, path ? `${path}.${key}` : key, depth + 1);
  };
  visit(detail, '', 0);
  return out;
}
