import { isAmbiguous } from '../../kernel/delivery/post-once';
import { SlackDeliveryError } from '../../kernel/errors';
import { LEASE_MS } from './budget';
import { hasWork, inStorm, newFlow, prune, refill, type ChannelFlow, type FlowSettings, type Owed } from './flow';
import { applyWork, type Close, type Queued } from './queue';
import { claim, type DrainDeps } from './drain-kit';
import { foldHeld, postDeferred, redrawBehind } from './own-messages';
import { drawStorm, replyStorm } from './storm-message';
import { postNotes, replyDue } from './threads';

export type { DrainDeps } from './drain-kit';

/**
 * Leaves this much of the invocation before starting another Slack write, to save the flow after
 * it. A write cut short by the invocation's end is safe: posts and thread replies are claimed in
 * the flow before they are made (the next attempt looks for them first), updates can be redone.
 */
const MARGIN_MS = 2_000;

/** Another invocation holds the channel: it does what is owed, and what was queued for it. */
export const BUSY = 'busy';

/**
 * Does what the channel is owed, most important first, as far as its budgets allow — unless
 * another invocation holds the channel now: then BUSY at once, nobody waits (the holder looks at
 * the channel's queue again after it lets go, so work queued meanwhile is never stranded). Answers
 * the ms until something a person sees could be done (undefined: nothing is waiting for that).
 */
export async function drainIfFree(
  channel: string,
  deps: DrainDeps,
  own?: Own,
): Promise<number | undefined | typeof BUSY> {
  if (!deps.locks) return drainHeld(channel, deps, own);
  // What the last look at the queue found: the next pass takes it without reading it again.
  let queued: Queued[] | undefined;
  for (let first = true; ; first = false) {
    const release = await deps.locks.tryAcquire(`flow:${channel}`, LEASE_MS);
    if (!release) return first ? BUSY : undefined;
    let wait: number | undefined;
    const later: Array<() => Promise<void>> = [];
    try {
      // Within its lease, with room for a Slack write's timeout: no two passes ever overlap.
      const leaseEnds = Date.now() + LEASE_MS - 6_000;
      const bounded = { ...deps, later, deadline: () => Math.min(deps.deadline(), leaseEnds) };
      wait = await drainHeld(channel, bounded, own, queued);
    } finally {
      await release().catch(() => undefined); // its lease ends it anyway
    }
    for (const run of later)
      await run().catch((err: unknown) => deps.log.warn('could not enrich a message', { error: err }));
    // Queued while this pass ran by invocations that found the channel held: done now.
    queued = await deps.queue.list(channel);
    if (!queued.length || Date.now() >= deps.deadline() - MARGIN_MS) return wait;
  }
}

/**
 * One pass over the channel, holding it: first what changes queued for it (see queue.ts), then
 * the storm message, own messages folded into it, live messages behind their state (newest change
 * first), deferred first posts (once their storm is over), then the storm's digest and thread
 * digests that are due. What a budget does not cover waits in the flow. A message that is gone
 * is posted anew; any other Slack failure stops the pass and is thrown, what was done saved (the
 * caller retries it: see settle.ts).
 */
async function drainHeld(channel: string, deps: DrainDeps, own?: Own, queued?: Queued[]): Promise<number | undefined> {
  const stored = (await deps.flows.get(channel)) ?? newFlow(channel, deps.now(), deps.flow);
  const flow = refill(stored, deps.now(), deps.flow);
  await takeQueued(flow, deps, queued);
  if (!flow.version && !hasWork(flow)) return undefined;
  const timeLeft = () => Date.now() < deps.deadline() - MARGIN_MS;
  let wait: number | undefined;
  try {
    // Again at once while a pass left something it can do now (a post found made meanwhile, behind its state).
    for (let round = 0; round < 3 && timeLeft(); round++) {
      const drawn = await drawTop(flow, deps, timeLeft, own?.key);
      wait = drawn.wait;
      if (drawn.struggling) return wait;
      if (wait !== 0) break;
    }
    await replyAll(flow, deps, timeLeft);
  } finally {
    if (own) own.pending = ownPending(flow, own.key);
    prune(flow, deps.now(), deps.flow);
    await deps.flows.put({ ...flow, version: flow.version + 1 });
  }
  return wait;
}

/** The invocation's own incident, and (after a pass) whether its message still waits for something. */
export interface Own {
  key: string;
  pending?: boolean;
}

/** Its own message is still to be posted, redrawn or folded (a storm line held back waits for the storm, not for this). */
const ownPending = (flow: ChannelFlow, key: string): boolean => {
  const owed = flow.owed[key];
  if (!owed) return false;
  return owed.fold === true || (!inStorm(flow, key) && (owed.post === true || owed.redraw === true));
};

/**
 * What a person sees at the top of the channel; the ms until more of it could be done. A Slack
 * failure on the invocation's own incident (`own`) is thrown (its retry is the invocation's);
 * on anything else it is logged and the pass stops there (Slack is struggling): one alarm's
 * trouble is not every change's failure, and the next pass tries again.
 */
async function drawTop(
  flow: ChannelFlow,
  deps: DrainDeps,
  timeLeft: () => boolean,
  own: string | undefined,
): Promise<{ wait: number | undefined; struggling?: boolean }> {
  let wait: number | undefined;
  const later = (ms: number | undefined) => {
    if (ms !== undefined) wait = wait === undefined ? ms : Math.min(wait, ms);
  };
  const attempt = async (key: string | undefined, run: () => Promise<number | undefined>): Promise<boolean> => {
    try {
      later(await run());
      return true;
    } catch (err) {
      backOff(flow, err, deps.flow);
      if ((key !== undefined && key === own) || !(err instanceof SlackDeliveryError)) throw err;
      deps.log.warn('Slack did not take a write; it waits for the next pass', {
        channel: flow.channel,
        key,
        error: err,
      });
      later(1000);
      return false;
    }
  };
  if (!(await attempt(undefined, () => drawStorm(flow, deps)))) return { wait, struggling: true };
  // What people look at first: the newest changes.
  const owed = Object.entries(flow.owed).sort(([, a], [, b]) => lastChange(b) - lastChange(a));
  for (const pass of [foldHeld, redrawBehind, postDeferred] as const) {
    for (const [key, o] of owed) {
      if (!timeLeft()) return { wait };
      if (!(await attempt(key, () => pass(flow, key, o, deps)))) return { wait, struggling: true };
    }
  }
  return { wait };
}

/**
 * Thread replies that are due (the storm's digest first). A failure here is no failure of the
 * change that brought them: they wait for the next pass (their changes already show above).
 */
async function replyAll(flow: ChannelFlow, deps: DrainDeps, timeLeft: () => boolean): Promise<void> {
  try {
    if (timeLeft()) await replyStorm(flow, deps);
    for (const [key, o] of Object.entries(flow.owed)) {
      if (!timeLeft()) return;
      await replyDue(flow, key, o, deps);
    }
  } catch (err) {
    backOff(flow, err, deps.flow);
    deps.log.warn('a thread reply waits for the next pass', { channel: flow.channel, error: err });
  }
}

/**
 * Slack said to wait (429 with Retry-After): the channel's post budget is emptied for that long,
 * so no pass (this invocation's or another's) posts to it before Slack allows.
 */
function backOff(flow: ChannelFlow, err: unknown, settings: FlowSettings): void {
  if (!(err instanceof SlackDeliveryError) || !err.message.startsWith('chat.postMessage')) return;
  const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
  if (!retryAfterMs) return;
  flow.tokens = Math.min(flow.tokens, 1 - (retryAfterMs / 60_000) * settings.postsPerMinute);
}

/**
 * Takes what changes queued for the channel into its flow, and saves it before the queue items
 * are removed: a pass that stops between applies them again, which changes nothing more (see
 * applyWork). A previous episode's close is done here, at once (best effort).
 */
async function takeQueued(flow: ChannelFlow, deps: DrainDeps, known?: Queued[]): Promise<void> {
  const queued = known ?? (await deps.queue.list(flow.channel));
  if (!queued.length) return;
  for (const item of queued) {
    if (item.work.kind === 'close') await closeEpisode(flow, item.work.key, item.work.close, deps);
    else applyWork(flow, item, deps.flow);
  }
  await claim(flow, deps);
  await deps.queue.remove(
    flow.channel,
    queued.map((q) => q.id),
  );
}

/**
 * What the channel still owed an incident's previous episode is done now, before the new episode
 * starts afresh: its message redrawn in its final state, its last thread notes posted. Best
 * effort: a failure is logged, never allowed to cost the new alarm.
 */
async function closeEpisode(flow: ChannelFlow, key: string, close: Close, deps: DrainDeps): Promise<void> {
  const owed = flow.owed[key];
  if (!owed) return;
  delete flow.owed[key];
  try {
    if (owed.redraw && close.message) await deps.slack.updateMessage(close.channel, close.ts, close.message);
    const previous = { key, channel: close.channel, ts: close.ts, ...close.alarm, alarm: close.alarm };
    // As digests are posted: an answer lost in flight is looked for before a second try.
    for (let attempt = 0; attempt < 3 && owed.notes.length; attempt++)
      await postNotes(previous, owed, deps).catch((err: unknown) => {
        if (!isAmbiguous(err) || attempt === 2) throw err;
      });
  } catch (err) {
    deps.log.warn("could not finish the previous episode's message", { key, error: err });
  }
}

const lastChange = (o: Owed) => o.notes.at(-1)?.at.getTime() ?? 0;
