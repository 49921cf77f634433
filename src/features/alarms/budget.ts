/**
 * What concurrent notifier invocations share: Slack's `chat.update` budget, and the leases that
 * let one invocation at a time draw a channel (and one wait for it). Slack limits `chat.update`
 * per app per workspace (Tier 3, about 50 a minute), not per channel, so one budget serves every
 * channel and every invocation; the adapter keeps it in the state table with conditional writes.
 */
export interface BucketSettings {
  perMinute: number;
}

/** Who asks for an update: what it leaves to others, and how long its message has waited. */
export interface Turn {
  /** Leave this many of what is allowed now to other callers. */
  reserve?: number;
  /** How long since the message to update was last drawn (see turnOffset). */
  waitedMs?: number;
}

export interface UpdateBudget {
  /**
   * Takes one update when it is this caller's turn, leaving `turn.reserve` of what is allowed now
   * to others; else takes nothing and answers the milliseconds until it may be. 0: taken.
   */
  take(now: Date, bucket: BucketSettings, turn?: Turn): Promise<number>;
}

/**
 * How far into each of the budget's slots a message last drawn `waitedMs` ago asks: the longer
 * ago, the sooner, so when more messages wait than a slot allows, the slot goes to those drawn
 * longest ago and every channel gets its turn (ten busy channels sharing 40 updates a minute:
 * each every 12–18 s, rather than by lot, when some waited a minute). A message drawn
 * `TURN_SPREAD_MS * 10` (20 s) or more ago asks at once, as does a caller that does not say: a
 * storm message that changes after a quiet spell is drawn without delay.
 */
export const TURN_SPREAD_MS = 2_000;
export const turnOffset = (waitedMs: number | undefined): number =>
  waitedMs === undefined || !Number.isFinite(waitedMs)
    ? 0
    : Math.max(0, TURN_SPREAD_MS - Math.floor(Math.max(0, waitedMs) / 10));

export interface Locks {
  /** Holds `name` for at most `leaseMs` (a crashed holder frees it then); undefined if held by another. */
  tryAcquire(name: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
}

/** Longer than any Slack call a holder makes (SLACK_TIMEOUT_MS, 5 s by default, a few times over). */
export const LEASE_MS = 30_000;
