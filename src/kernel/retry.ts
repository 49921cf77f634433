import { IncidentConflictError, SlackDeliveryError } from './errors';

export interface RetryBudget {
  /** Epoch ms by which the work (and our bookkeeping) must be done. */
  deadline: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Time kept back for recording the failure before the invocation ends. */
  reserveMs?: number;
  maxAttempts?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a Slack call, waiting out 429s (Retry-After) and backing off on 5xx and timeouts, but
 * only while the invocation has time left; then it rethrows, so Lambda's retries and the
 * dead-letter queue keep the record.
 */
export async function withSlackRetry<T>(run: () => Promise<T>, budget: RetryBudget): Promise<T> {
  const sleep = budget.sleep ?? defaultSleep;
  const now = budget.now ?? Date.now;
  const reserve = budget.reserveMs ?? 2000;
  const maxAttempts = budget.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof SlackDeliveryError) || !err.retryable || attempt >= maxAttempts) throw err;
      const retryAfter = (err as SlackDeliveryError & { retryAfterMs?: number }).retryAfterMs;
      const wait = retryAfter ?? Math.min(8000, 500 * 2 ** (attempt - 1));
      if (now() + wait + reserve >= budget.deadline()) throw err;
      await sleep(wait);
    }
  }
}

/**
 * Runs a read-modify-write of a versioned record (an incident, a channel's flow) again while
 * another writer wins the race (IncidentConflictError): each attempt reads afresh, after a short,
 * spread pause. After `attempts` the conflict is thrown. Nothing in `run` should wait for Slack
 * before its write, so a retry costs milliseconds.
 */
export async function whileConflicting<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof IncidentConflictError) || attempt >= attempts) throw err;
      await defaultSleep(10 * attempt * (0.5 + Math.random()));
    }
  }
}
