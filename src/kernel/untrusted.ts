/**
 * The one rule for text from outside (log lines, alarm names, descriptions and reasons, tag
 * values, CloudTrail fields, event details): it is cut to a bounded length where it enters, before
 * any regular expression or formatter sees it. Member accounts, log writers and alarm or tag
 * authors are adversaries: a 160,000-character log line must cost what a 3,000-character one does.
 */

/**
 * The longest untrusted string past the boundary: Slack's longest text (a section's 3,000
 * characters), so nothing a message could show whole is lost to the cut.
 */
export const MAX_UNTRUSTED = 3000;

/** Shown where a string was cut at the boundary. */
export const CUT_MARK = '…';

/** Half of a surrogate pair with no other half: Slack refuses a message that carries one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with each lone surrogate replaced by U+FFFD (as `String.prototype.toWellFormed`). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Untrusted text cut to `max` UTF-16 units, visibly (`…`), never through an emoji, and with no
 * lone surrogate left in it (it would make Slack refuse the message and `encodeURIComponent` throw).
 * Linear in the text's length; idempotent.
 */
export function bounded(text: string, max: number = MAX_UNTRUSTED): string {
  if (text.length <= max) return wellFormed(text);
  let cut = text.slice(0, Math.max(0, max - CUT_MARK.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  // trimEnd, not /\s+$/: that pattern is quadratic in a run of spaces that does not end the text.
  return wellFormed(cut.trimEnd()) + CUT_MARK;
}

/**
 * A parsed JSON value with every string in it, keys included, bounded. Iterative, so a value
 * nested 12,000 deep costs a loop, not the stack.
 */
export function boundedJson(value: unknown): unknown {
  const fix = (v: unknown): unknown => (typeof v === 'string' ? bounded(v) : v);
  const root = { v: fix(value) };
  const stack: unknown[] = [root.v];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = fix(node[i]);
        if (node[i] && typeof node[i] === 'object') stack.push(node[i]);
      }
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const old = record[key];
        const v = fix(old);
        const k = bounded(key);
        if (k !== key) delete record[key];
        // Defined, not assigned: a key "__proto__" stays an own property, never the prototype.
        if (k !== key || v !== old)
          Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
        if (v && typeof v === 'object') stack.push(v);
      }
    }
  }
  return root.v;
}

/** The text without any of `chars` at its end: a loop, where `/[…]+$/` would be quadratic. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/**
 * A copy of a message (any JSON value) with every string well-formed: applied once, where a
 * message becomes Slack's text (the Slack adapter's sends), since one lone surrogate anywhere
 * makes Slack refuse the whole message as `invalid_blocks`, and the alert would be lost.
 */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => wellFormedDeep(v)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormedDeep(v)])) as T;
  return value;
}
