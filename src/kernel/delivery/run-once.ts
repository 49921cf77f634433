import { SlackDeliveryError } from '../errors';
import type { Logger } from '../log';
import { withSlackRetry, type RetryBudget } from '../retry';
import type { DeliveryJournal } from './journal';

/** Runs a Slack side effect once per delivery: skipped on a redelivery that already did it. */
export type Step = (name: string, run: () => Promise<string>) => Promise<string>;

/**
 * At least once, shown once: claims the delivery `id`, runs `work` with a journaled `step`, and
 * completes the claim. On failure the claim is released with its steps kept, so Lambda's retry
 * resumes after the last side effect that reached Slack. Returns 'duplicate' for a done delivery.
 */
export async function runOnce<T>(
  id: string,
  deps: { journal: DeliveryJournal; log: Logger },
  budget: RetryBudget,
  work: (step: Step, attempt: { retried: boolean }) => Promise<T>,
): Promise<T | 'duplicate'> {
  const holdMs = Math.max(10_000, budget.deadline() - Date.now() + 5_000);
  const claim = await deps.journal.begin(id, holdMs);
  if (claim.status === 'done') {
    deps.log.info('duplicate delivery skipped', { messageId: id });
    return 'duplicate';
  }
  const steps: Record<string, string> = { ...claim.steps };
  const step: Step = async (name, run) => {
    const done = steps[name];
    if (done !== undefined) return done;
    const value = await withSlackRetry(run, budget);
    await deps.journal.recordStep(id, name, value);
    steps[name] = value;
    return value;
  };
  try {
    const result = await work(step, { retried: (claim.attempt ?? 1) > 1 || Object.keys(claim.steps).length > 0 });
    await deps.journal.complete(id);
    return result;
  } catch (err) {
    const permanent = err instanceof SlackDeliveryError && !err.retryable;
    deps.log.error(
      permanent
        ? 'Slack refused the message; it will go to the dead-letter queue'
        : 'delivery failed; Lambda will retry',
      {
        messageId: id,
        error: err,
      },
    );
    try {
      await deps.journal.release(id);
    } catch (releaseErr) {
      deps.log.error('could not release the delivery claim; it expires by itself', {
        messageId: id,
        error: releaseErr,
      });
    }
    throw err;
  }
}

export const packTs = (p: { channel: string; ts: string }) => `${p.channel} ${p.ts}`;

export function unpackTs(value: string): { channel: string; ts: string } {
  const [channel = '', ts = ''] = value.split(' ');
  return { channel, ts };
}
