/**
 * What concurrent notifier invocations share: Slack's `chat.update` budget, and the leases that
 * let one invocation at a time draw a channel (and one wait for it). Slack limits `chat.update`
 * per app per workspace (Tier 3, about 50 a minute), not per channel, so one budget serves every
 * channel and every invocation; the adapter keeps it in the state table with conditional writes.
 */
export interface BucketSettings {
  perMinute: number;
  burst: number;
}

export interface UpdateBudget {
  /**
   * Takes one update, leaving `reserve` of what is allowed now to other callers; else takes
   * nothing and answers the milliseconds until one may be free for this caller. 0: taken.
   */
  take(now: Date, bucket: BucketSettings, reserve?: number): Promise<number>;
}

export interface Locks {
  /** Holds `name` for at most `leaseMs` (a crashed holder frees it then); undefined if held by another. */
  tryAcquire(name: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
}

/** Longer than any Slack call a holder makes (SLACK_TIMEOUT_MS, 5 s by default, a few times over). */
export const LEASE_MS = 30_000;
