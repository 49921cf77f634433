import { createHmac, timingSafeEqual } from 'node:crypto';

const FIVE_MINUTES_S = 5 * 60;

/**
 * Slack's request signature: `v0=` + HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the signing
 * secret, compared in constant time; a timestamp more than five minutes from now is refused
 * (a replay). Checked before the body is even parsed.
 */
export function verifySlackSignature(args: {
  signingSecret: string;
  /** The request body exactly as received: the bytes, or their text. */
  rawBody: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs?: number;
}): boolean {
  const { signingSecret, rawBody, signature, timestamp } = args;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  const now = Math.floor((args.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - Number(timestamp)) > FIVE_MINUTES_S) return false;
  const expected =
    'v0=' +
    createHmac('sha256', signingSecret)
      .update(`v0:${timestamp}:`)
      .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
      .digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
