import type { NotifierDeps } from './notify';
import { withSlackRetry, type RetryBudget } from '../../kernel/retry';
import { BUSY, drainIfFree, type DrainDeps, type Own } from './drain';

/** What the invocation keeps back from waiting: enough to finish a pass and record it. */
const KEEP_MS = 15_000;

/** How often the channel's waiter looks again while another invocation is drawing it. */
const WHILE_BUSY_MS = 1000;

/**
 * Does what the channel is owed; while something a person sees is only waiting for the budget
 * (the storm message's next redraw, the workspace's next update), waits it out and goes again,
 * within the invocation's time: the last change of a storm is shown within seconds, not at the
 * next scheduled pass. One invocation a channel waits (a lease, `wait:<channel>`): another that
 * would wait too leaves it to that one, and one that finds the channel being drawn leaves its
 * change to the drawer (it takes what this change queued). So a storm keeps one invocation a
 * channel waiting, not one a change. `untilOwnShown`: only until the invocation's own incident's
 * message needs nothing more (what its delivery owes; the rest of the waiting is a courtesy).
 */
export async function settleChannel(
  channel: string,
  deps: Omit<DrainDeps, 'deadline'> & Pick<NotifierDeps, 'sleep'>,
  budget: RetryBudget,
  opts: Settle = {},
): Promise<number | undefined> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const draw = { ...deps, deadline: budget.deadline };
  let waiter: (() => Promise<void>) | undefined;
  // Where an earlier call left off: wait first, then draw.
  let next: number | undefined | typeof BUSY = opts.after;
  try {
    for (let drawn = false; ; drawn = true) {
      const own: Own | undefined = opts.own ? { key: opts.own } : undefined;
      if (drawn || opts.after === undefined) {
        // Slack's 429s on its own incident's message waited out, its 5xx and timeouts retried,
        // while the invocation has time; then the failure is the invocation's (Lambda retries it,
        // then the dead-letter queue). Others' failures wait for the next pass (see drawTop).
        next = await withSlackRetry(() => drainIfFree(channel, draw, own), budget);
        if (next === undefined || (next === BUSY && !waiter)) return undefined;
        // Its own message needs nothing more: the caller carries on from here (see notify.ts).
        if (opts.untilOwnShown && own?.pending === false) return next === BUSY ? undefined : next;
      }
      const wait = next === BUSY || next === undefined ? WHILE_BUSY_MS : Math.max(next, 50);
      if (Date.now() + wait > budget.deadline() - KEEP_MS) return undefined;
      if (!waiter && deps.locks) {
        waiter = await deps.locks.tryAcquire(`wait:${channel}`, budget.deadline() - Date.now());
        if (!waiter) return undefined;
      }
      const before = deps.now().getTime();
      await sleep(wait);
      // A clock that did not move (a test's): waiting cannot help.
      if (deps.now().getTime() <= before) return undefined;
    }
  } finally {
    await waiter?.().catch(() => undefined); // its lease ends it anyway
  }
}

export interface Settle {
  /** The invocation's own incident: a Slack failure on its message is the invocation's. */
  own?: string;
  /** Stop once its own message needs nothing more; answers the ms until the channel could be drawn again. */
  untilOwnShown?: boolean;
  /** Carry on from such an answer: wait this long first. */
  after?: number;
}
