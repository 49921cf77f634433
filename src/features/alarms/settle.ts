import type { NotifierDeps } from './notify';
import { BUSY, drainIfFree, type DrainDeps } from './drain';

/** How long an invocation that carried a change waits for its channel's messages to show it. */
export const SETTLE_MS = 20_000;

/**
 * Does what the channel is owed; while something a person sees is only waiting for the budget
 * (the storm message's next redraw, the workspace's next update), waits it out and goes again,
 * for up to SETTLE_MS and within the invocation's time: the last change of a storm is shown
 * within seconds, not at the next scheduled pass. While another invocation holds the channel it
 * does the work (it read the flow after this change was saved).
 */
export async function settleChannel(
  channel: string,
  deps: Omit<DrainDeps, 'deadline'> & Pick<NotifierDeps, 'sleep'>,
  deadline: () => number,
): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const stop = deps.now().getTime() + SETTLE_MS;
  for (;;) {
    const next = await drainIfFree(channel, { ...deps, deadline }).catch((err: unknown) => {
      deps.log.warn('could not do what the channel is owed; the scheduled pass will', { channel, error: err });
      return undefined;
    });
    // Another invocation holds the channel: it read the flow after this change was saved, and
    // waits out what it must itself; this one need not pay for waiting too.
    if (next === BUSY) return;
    const wait = next;
    if (wait === undefined || deps.now().getTime() + wait > stop || Date.now() + wait > deadline() - 15_000) return;
    const before = deps.now().getTime();
    await sleep(Math.max(wait, 50));
    // A clock that did not move (a test's): waiting cannot help.
    if (deps.now().getTime() <= before) return;
  }
}
