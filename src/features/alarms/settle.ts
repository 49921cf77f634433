import type { NotifierDeps } from './notify';
import { withSlackRetry, type RetryBudget } from '../../kernel/retry';
import { BUSY, drainIfFree, type DrainDeps } from './drain';

/** How long an invocation that carried a change waits for its channel's messages to show it. */
export const SETTLE_MS = 20_000;

/**
 * Does what the channel is owed; while something a person sees is only waiting for the budget
 * (the storm message's next redraw, the workspace's next update), waits it out and goes again,
 * for up to SETTLE_MS and within the invocation's time: the last change of a storm is shown
 * within seconds, not at the next scheduled pass. While another invocation holds the channel it
 * does the work (it takes what this change queued).
 */
export async function settleChannel(
  channel: string,
  deps: Omit<DrainDeps, 'deadline'> & Pick<NotifierDeps, 'sleep'>,
  budget: RetryBudget,
  own?: string,
): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const stop = deps.now().getTime() + SETTLE_MS;
  const draw = { ...deps, deadline: budget.deadline };
  for (;;) {
    // Slack's 429s on its own incident's message waited out, its 5xx and timeouts retried, while
    // the invocation has time; then the failure is the invocation's (Lambda retries it, then the
    // dead-letter queue). Others' failures wait for the next pass (see drawTop).
    const next = await withSlackRetry(() => drainIfFree(channel, draw, own), budget);
    // Another invocation holds the channel: it takes this change from the queue, and waits out
    // what it must itself; this one need not pay for waiting too.
    if (next === BUSY || next === undefined) return;
    if (deps.now().getTime() + next > stop || Date.now() + next > budget.deadline() - 15_000) return;
    const before = deps.now().getTime();
    await sleep(Math.max(next, 50));
    // A clock that did not move (a test's): waiting cannot help.
    if (deps.now().getTime() <= before) return;
  }
}
