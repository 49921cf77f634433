/**
 * What concurrent notifier invocations share: Slack's `chat.update` budget, and the locks that
 * serialise one channel's flow or one incident. Slack limits `chat.update` per app per workspace
 * (Tier 3, about 50 a minute), not per channel, so one bucket serves every channel and every
 * invocation; the adapter keeps it in the state table with conditional writes.
 */
export interface BucketSettings {
  perMinute: number;
  burst: number;
}

export interface UpdateBudget {
  /**
   * Takes one update if more than `reserve` would be left; else takes nothing and answers the
   * milliseconds until one is free for this caller. 0: taken.
   */
  take(now: Date, bucket: BucketSettings, reserve?: number): Promise<number>;
}

export interface Locks {
  /** Holds `name` for at most `leaseMs` (a crashed holder frees it then); undefined if held by another. */
  tryAcquire(name: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
}

/** Longer than any Slack call a holder makes (SLACK_TIMEOUT_MS, 5 s by default, a few times over). */
export const LEASE_MS = 30_000;

/**
 * Runs `run` holding the lock `name`, waiting for it while the invocation has time; what must be
 * serial (one channel's flow, one incident) is, and nothing else waits. Throws if the lock cannot
 * be had in time (Lambda's retry comes back for it).
 */
export async function holding<T>(
  locks: Locks | undefined,
  name: string,
  deadline: () => number,
  run: () => Promise<T>,
): Promise<T> {
  if (!locks) return run();
  for (let wait = 50; ; wait = Math.min(1000, wait * 2)) {
    const release = await locks.tryAcquire(name, LEASE_MS);
    if (release) {
      try {
        return await run();
      } finally {
        await release().catch(() => undefined); // its lease ends it anyway
      }
    }
    if (Date.now() + wait > deadline() - 5_000) throw new Error(`could not take the lock ${name} in time`);
    await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
  }
}
