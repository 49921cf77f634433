import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A worker job names the Slack user it acts for, and anyone who may call `lambda:Invoke` on the
 * worker (or write to the dead-letter queue that `lamplighter redrive` replays) could name any
 * user. So the Slack gateway, which took the user from Slack's signed request, signs the job;
 * the worker and redrive run only a job whose signature holds. The key is derived from the Slack
 * signing secret (no second secret to keep): HMAC-SHA256(signingSecret, JOB_KEY_CONTEXT).
 */
const JOB_KEY_CONTEXT = 'lamplighter-worker-job-v1';
const PREFIX = 'v1=';

/** The key jobs are signed with, derived from the Slack signing secret. */
export function jobKey(signingSecret: string): Buffer {
  return createHmac('sha256', signingSecret).update(JOB_KEY_CONTEXT).digest();
}

/** JSON with every object's keys in order: the same job gives the same bytes after a round trip. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const mac = (key: Buffer, body: Record<string, unknown>) =>
  PREFIX + createHmac('sha256', key).update(canonical(body)).digest('hex');

/** The job with its `signature`, over every other field. */
export function signJob<T extends object>(job: T, key: Buffer): T & { signature: string } {
  const { signature: _old, ...body } = job as Record<string, unknown>;
  return { ...(body as T), signature: mac(key, body) };
}

export type JobVerdict = { ok: true; job: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Whether `input` is a job this deployment's gateway signed, every field as it signed it. The job
 * comes back without its signature, for the worker's own schema to parse.
 */
export function verifyJob(input: unknown, key: Buffer): JobVerdict {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, reason: 'not a job' };
  const { signature, ...body } = input as Record<string, unknown>;
  if (typeof signature !== 'string' || !signature)
    return { ok: false, reason: 'the job carries no signature: it was not created by the Slack gateway' };
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return {
      ok: false,
      reason: 'the job signature does not match: it was forged or changed after the gateway signed it',
    };
  return { ok: true, job: body };
}
