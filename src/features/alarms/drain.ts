import { isAmbiguous, markSuperseded, postOnce } from '../../kernel/delivery/post-once';
import { IncidentConflictError, SlackDeliveryError } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import { noteChanges, type ChangesDeps } from '../changes/note';
import type { AlarmNotification } from './alarm';
import { LEASE_MS, type Locks, type UpdateBudget } from './budget';
import { attachGraph, type EnrichDeps } from './enrich';
import {
  canTake,
  digestDue,
  endStormIfOver,
  hasWork,
  newFlow,
  inStorm,
  prune,
  refill,
  spend,
  take,
  updateMember,
  type ChannelFlow,
  type FlowSettings,
  type Owed,
} from './flow';
import { formatAlarm, formatReply } from './format';
import { DIGEST_LINES, formatFolded, formatStormDigest } from './format-held';
import { formatStorm } from './format-storm';
import type { FlowStore, Incident, IncidentStore, MuteStore } from './incident';
import { applyWork, type Close, type WorkQueue } from './queue';
import { incidentView } from './rules';

export interface DrainDeps extends EnrichDeps {
  slack: SlackPort;
  incidents: IncidentStore;
  flows: FlowStore;
  /** What changes queued for each channel, taken by whoever draws it (see queue.ts). */
  queue: WorkQueue;
  mutes?: MuteStore;
  /** Absent: a new incident's thread does not say what changed before it. */
  changes?: ChangesDeps;
  flow: FlowSettings;
  /** Slack's `chat.update` budget, one for the whole workspace. */
  budget: UpdateBudget;
  /** Absent: one invocation at a time (nothing to serialise). */
  locks?: Locks;
  now: () => Date;
  /** Stop before this (epoch ms): what is left waits for the next pass. */
  deadline: () => number;
  log: Logger;
}

/** The metadata event types of the bot's messages, so a post whose answer was lost is found. */
export const INCIDENT_EVENT = 'lamplighter_incident';
export const STORM_EVENT = 'lamplighter_storm';
export const REPLY_EVENT = 'lamplighter_reply';
export const STORM_DIGEST_EVENT = 'lamplighter_storm_digest';

/**
 * Updates of own messages leave this many in the workspace's bucket: the storm messages (each
 * stands for many alarms) are drawn first, whatever else is waiting.
 */
export const OWN_RESERVE = 3;

/** Takes one `chat.update` from the workspace's budget: 0, or the ms until one is free for this caller. */
export const takeUpdate = (deps: Pick<DrainDeps, 'budget' | 'flow' | 'now'>, reserve = 0): Promise<number> =>
  deps.budget.take(deps.now(), { perMinute: deps.flow.updatesPerMinute, burst: deps.flow.updateBurst }, reserve);

/** The ms until the channel's post budget has a post again. */
const postWait = (flow: ChannelFlow, settings: FlowSettings) =>
  Math.max(1, Math.ceil(((1 - flow.tokens) / settings.postsPerMinute) * 60_000));

/** The metadata of an incident's first post: the incident and its episode. */
export const incidentMetadata = (incident: Pick<Incident, 'key' | 'openedAt'>) => ({
  event_type: INCIDENT_EVENT,
  event_payload: { incident: incident.key, opened: incident.openedAt.toISOString() },
});

/**
 * Leaves this much of the invocation before starting another Slack write, to save the flow after
 * it. A write cut short by the invocation's end is safe: posts and thread replies are claimed in
 * the flow before they are made (the next attempt looks for them first), updates can be redone.
 */
const MARGIN_MS = 2_000;

/** A message Slack no longer has (deleted by someone), or can no longer edit. */
const gone = (err: unknown) =>
  err instanceof SlackDeliveryError &&
  (err.code === 'slack_message_not_found' || err.code === 'slack_cant_update_message');

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
  own?: string,
): Promise<number | undefined | typeof BUSY> {
  if (!deps.locks) return drainHeld(channel, deps, own);
  for (let first = true; ; first = false) {
    const release = await deps.locks.tryAcquire(`flow:${channel}`, LEASE_MS);
    if (!release) return first ? BUSY : undefined;
    let wait: number | undefined;
    try {
      wait = await drainHeld(channel, deps, own);
    } finally {
      await release().catch(() => undefined); // its lease ends it anyway
    }
    // Queued while this pass ran by invocations that found the channel held: done now.
    const queued = await deps.queue.list(channel);
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
async function drainHeld(channel: string, deps: DrainDeps, own?: string): Promise<number | undefined> {
  const stored = (await deps.flows.get(channel)) ?? newFlow(channel, deps.now(), deps.flow);
  const flow = refill(stored, deps.now(), deps.flow);
  await takeQueued(flow, deps);
  if (!flow.version && !hasWork(flow)) return undefined;
  const timeLeft = () => Date.now() < deps.deadline() - MARGIN_MS;
  let wait: number | undefined;
  try {
    // Again at once while a pass left something it can do now (a post found made meanwhile, behind its state).
    for (let round = 0; round < 3 && timeLeft(); round++) {
      const drawn = await drawTop(flow, deps, timeLeft, own);
      wait = drawn.wait;
      if (drawn.struggling) return wait;
      if (wait !== 0) break;
    }
    await replyAll(flow, deps, timeLeft);
  } finally {
    prune(flow, deps.now(), deps.flow);
    await deps.flows.put({ ...flow, version: flow.version + 1 });
  }
  return wait;
}

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
    deps.log.warn('a thread reply waits for the next pass', { channel: flow.channel, error: err });
  }
}

/**
 * Takes what changes queued for the channel into its flow, and saves it before the queue items
 * are removed: a pass that stops between applies them again, which changes nothing more (see
 * applyWork). A previous episode's close is done here, at once (best effort).
 */
async function takeQueued(flow: ChannelFlow, deps: DrainDeps): Promise<void> {
  const queued = await deps.queue.list(flow.channel);
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

/**
 * The storm message, drawn when it is stale: its first post at once, then at most once a
 * `stormRedrawMs`, first in the workspace's update budget. Answers the ms until it may be drawn
 * when it is stale and must wait.
 */
export async function drawStorm(flow: ChannelFlow, deps: DrainDeps): Promise<number | undefined> {
  const now = deps.now();
  endStormIfOver(flow, now, deps.flow);
  const storm = flow.storm;
  if (!storm?.stale) return undefined;
  if (storm.ts && storm.drawnAt && now.getTime() - storm.drawnAt.getTime() < deps.flow.stormRedrawMs)
    return deps.flow.stormRedrawMs - (now.getTime() - storm.drawnAt.getTime());
  if (storm.ts) {
    const wait = await takeUpdate(deps);
    if (wait) return wait;
  } else spend(flow, 'post');
  for (const member of storm.members) {
    // '' once asked and refused: the line shows the name without a link rather than ask each time.
    if (member.ts && member.link === undefined)
      member.link = await deps.slack.permalink(flow.channel, member.ts).catch(() => '');
  }
  const message = formatStorm(storm, flow.channel);
  if (storm.ts) {
    try {
      await deps.slack.updateMessage(flow.channel, storm.ts, message);
    } catch (err) {
      if (!gone(err)) throw err;
      deps.log.warn('the storm message is gone; posting it again', { channel: flow.channel, ts: storm.ts });
      storm.ts = '';
      storm.drawnAt = undefined;
    }
  }
  if (!storm.ts) {
    const metadata = {
      event_type: STORM_EVENT,
      event_payload: { channel: flow.channel, since: storm.since.toISOString() },
    };
    const unsure = storm.drawnAt !== undefined;
    // Marked as tried before the post, and saved so (a conditional write): if Slack applies it and
    // the answer (or this invocation) is lost, the next attempt finds it by its metadata instead of
    // posting twice; and a concurrent pass that read the flow before cannot post it too.
    storm.drawnAt = now;
    await claim(flow, deps);
    const posted = await postOnce(deps.slack, flow.channel, message, metadata, {
      unsure,
      log: deps.log,
      since: storm.since,
    })();
    storm.ts = posted.ts;
  }
  storm.stale = false;
  storm.drawnAt = now;
  // Over, and drawn so: the storm message is left showing its members' final states; the own
  // messages folded into it show theirs again, and those held back are posted, current.
  if (storm.ended) {
    // Its thread keeps its members' last changes: a final digest, whatever the interval.
    try {
      for (let batch = 0; batch < 5; batch++) await replyStorm(flow, deps, true);
    } catch (err) {
      deps.log.warn("the storm's last changes go to their own threads", { channel: flow.channel, error: err });
    }
    for (const member of storm.members) {
      const owed = (flow.owed[member.key] ??= { notes: [] });
      owed.fold = false;
      if (member.ts && member.folded) owed.redraw = true;
    }
    delete flow.storm;
  }
  return undefined;
}

/**
 * Saves the flow before a post, by a conditional write: a pass that read it before (another
 * invocation's) fails its own claim and cannot make the same post.
 */
async function claim(flow: ChannelFlow, deps: DrainDeps): Promise<void> {
  await deps.flows.put({ ...flow, version: flow.version + 1 });
  flow.version += 1;
}

type Pass = (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps) => Promise<number | undefined>;

/**
 * An own message that showed a state while its alarm became a storm line: redrawn once to show
 * none (the storm message's line is its state), so it cannot lie while the storm lasts.
 */
const foldHeld: Pass = async (flow, key, owed, deps) => {
  const member = flow.storm?.members.find((m) => m.key === key);
  // A redraw owed from before its alarm joined the storm is a fold now.
  if (!(owed.fold || (owed.redraw && !owed.post)) || !member || !inStorm(flow, key)) return undefined;
  if (member.folded) {
    owed.fold = owed.redraw = false;
    return undefined;
  }
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.fold = false;
    return undefined;
  }
  const wait = await takeUpdate(deps);
  if (wait) return wait;
  try {
    await deps.slack.updateMessage(incident.channel, incident.ts, formatFolded(incident.alarm));
  } catch (err) {
    if (!gone(err)) throw err;
    // Deleted in Slack: its message is posted anew once the storm is over.
    await settle(deps.incidents, key, (current) => ({ ...current, ts: '' }));
    owed.post = true;
    owed.unsure = false;
    updateMember(flow, key, { ts: undefined, link: undefined });
  }
  owed.fold = owed.redraw = false;
  member.folded = true;
  return undefined;
};

/**
 * A first post held back by a storm, once the storm is over, in the incident's latest state
 * (when the post budget allows): while it lasts, the storm message's line is its message.
 */
const postDeferred: Pass = async (flow, key, owed, deps) => {
  // Held back while its alarm is a storm line (the storm message's line is its message).
  if (!owed.post || inStorm(flow, key)) return undefined;
  // Waiting a moment for others opening with it: if they make a storm, its summary goes first.
  if (owed.heldUntil && owed.heldUntil > deps.now()) return owed.heldUntil.getTime() - deps.now().getTime();
  if (!owed.alone && !canTake(flow, 'post')) return postWait(flow, deps.flow);
  const incident = await deps.incidents.get(key);
  if (!incident || incident.ts !== '' || !incident.alarm) {
    owed.post = false;
    // Posted meanwhile (by an earlier attempt): redrawn now if it is behind.
    return owed.redraw ? 0 : undefined;
  }
  const now = deps.now();
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm,
    incident: incidentView(incident, mute, now),
    logs: incident.logs,
  });
  // Saved with the flow even if this attempt fails: Slack may have applied it, so look first next time.
  const unsure = owed.unsure === true;
  owed.unsure = true;
  await claim(flow, deps);
  // An incident recorded before channels were kept by id names its channel: look it up by id.
  const channel = await deps.slack.channelId(incident.channel);
  const posted = await postOnce(deps.slack, channel, message, incidentMetadata(incident), {
    unsure,
    log: deps.log,
    since: incident.openedAt,
  })();
  // Counted once made (a failed attempt leaves the budget to its retry).
  spend(flow, 'post');
  let live = posted;
  let behind = false;
  await settle(deps.incidents, key, (current) => {
    // Another writer posted this episode meanwhile: its message is the live one; this copy says so.
    if (current.ts && current.ts !== posted.ts && current.openedAt.getTime() === incident.openedAt.getTime()) {
      live = { channel: current.channel, ts: current.ts };
      return current;
    }
    live = posted;
    // A change written while it was posted: the message is redrawn in it.
    behind = current.version !== incident.version;
    return { ...current, channel: posted.channel, ts: posted.ts };
  });
  owed.post = false;
  owed.unsure = false;
  owed.alone = undefined;
  owed.heldUntil = undefined;
  updateMember(flow, key, { ts: live.ts });
  if (live !== posted) {
    await markSuperseded(deps.slack, live, [posted], deps.log);
    // The live copy was drawn by its poster, maybe from an older state: it is redrawn.
    owed.redraw = true;
    return 0;
  }
  // Posted in its latest state: nothing to redraw (else at once).
  owed.redraw = behind;
  if (behind) return 0;
  // attachGraph logs (never throws) when the graph cannot be made; noteChanges too.
  if (incident.state === 'ALARM') {
    const once = (_name: string, run: () => Promise<string>) => run();
    if (deps.graphs) await attachGraph(incident.alarm, posted, deps, once, now);
    if (deps.changes)
      await noteChanges(incident.alarm, incident, posted, { ...deps, changes: deps.changes }, once, { now, unsure });
  }
  return undefined;
};

/**
 * A live message behind its incident's state, redrawn when the workspace's update budget allows
 * (after the storm messages). A storm line's own message is folded instead, redrawn when it ends.
 */
const redrawBehind: Pass = async (flow, key, owed, deps) => {
  if (!owed.redraw || owed.post || inStorm(flow, key)) return undefined;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.redraw = false;
    return undefined;
  }
  const wait = await takeUpdate(deps, OWN_RESERVE);
  if (wait) return wait;
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm,
    incident: incidentView(incident, mute, deps.now()),
    logs: incident.logs,
  });
  try {
    await deps.slack.updateMessage(incident.channel, incident.ts, message);
  } catch (err) {
    if (!gone(err)) throw err;
    // Deleted in Slack: the incident gets a new message, posted by the pass for first posts.
    deps.log.warn('the incident message is gone; posting it again', { key, channel: incident.channel });
    await settle(deps.incidents, key, (current) => ({ ...current, ts: '' }));
    owed.post = true;
    owed.unsure = false;
    updateMember(flow, key, { ts: undefined, link: undefined });
    owed.redraw = false;
    return 0;
  }
  owed.redraw = false;
  return undefined;
};

/** The thread's next reply: the changes noted since the last, once its interval has passed (a storm line's go to the storm's thread). */
const replyDue = async (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps): Promise<void> => {
  const now = deps.now();
  if (owed.post || inStorm(flow, key) || !digestDue(owed, now, deps.flow) || !canTake(flow, 'post')) return;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts) return; // its first post is pending; the notes wait for it
  take(flow, 'post');
  await postNotes(incident, owed, deps, () => claim(flow, deps));
};

/**
 * The storm's thread gets its members' changes, one digest reply per interval (another at once
 * while more wait than one reply carries), each change with its time to the second: nothing a
 * storm line did is lost. A reply whose answer was lost is looked for (by the last change it
 * carried) before it is posted again.
 */
async function replyStorm(flow: ChannelFlow, deps: DrainDeps, final = false): Promise<void> {
  const storm = flow.storm;
  if (!storm?.ts || (storm.ended && !final)) return;
  const changes = storm.members
    .flatMap((m) => (flow.owed[m.key]?.notes ?? []).map((note) => ({ key: m.key, alarmName: m.alarmName, note })))
    .sort((a, b) => a.note.at.getTime() - b.note.at.getTime() || a.note.id.localeCompare(b.note.id));
  if (!changes.length) return;
  const now = deps.now();
  const due =
    !storm.repliedAt ||
    now.getTime() - storm.repliedAt.getTime() >= deps.flow.digestIntervalMs ||
    changes.length > DIGEST_LINES;
  if (!final && (!due || !canTake(flow, 'post'))) return;
  const metadataFor = (through: string) => ({
    event_type: STORM_DIGEST_EVENT,
    event_payload: { channel: flow.channel, through },
  });
  const done = (upTo: number) => {
    for (const c of changes.slice(0, upTo)) {
      const owed = flow.owed[c.key];
      if (owed) owed.notes = owed.notes.filter((n) => n !== c.note);
    }
    storm.repliedAt = now;
  };
  if (storm.replyUnsure && storm.replyThrough) {
    const through = storm.replyThrough;
    const applied = await deps.slack.findReply(flow.channel, storm.ts, metadataFor(through)).catch(() => undefined);
    storm.replyUnsure = false;
    storm.replyThrough = undefined;
    if (applied) return done(changes.findIndex((c) => c.note.id === through) + 1);
  }
  spend(flow, 'post');
  const batch = changes.slice(0, DIGEST_LINES);
  const through = batch[batch.length - 1]!.note.id;
  // Saved with the flow if this attempt fails: Slack may have applied it.
  storm.replyUnsure = true;
  storm.replyThrough = through;
  await claim(flow, deps);
  await deps.slack.postMessage(flow.channel, { ...formatStormDigest(batch), metadata: metadataFor(through) }, storm.ts);
  storm.replyUnsure = false;
  storm.replyThrough = undefined;
  done(batch.length);
}

/** An incident's message and what its thread replies name. */
export type Thread = Pick<Incident, 'key' | 'channel' | 'ts' | 'alarmName' | 'region' | 'accountId'> & {
  alarm?: Pick<AlarmNotification, 'alarmName' | 'partition' | 'region' | 'accountId'>;
};

/**
 * Posts the incident's noted changes as one thread reply, named by the last change it carries:
 * after a lost answer, the next attempt finds it (conversations.replies) instead of posting it
 * twice, and the notes it carried are done; later ones wait for the next reply.
 */
export async function postNotes(
  incident: Thread,
  owed: Owed,
  deps: Pick<DrainDeps, 'slack' | 'log' | 'now'>,
  claimed?: () => Promise<void>,
): Promise<void> {
  const now = deps.now();
  const key = incident.key;
  const alarm = incident.alarm ?? {
    alarmName: incident.alarmName,
    partition: 'aws',
    region: incident.region,
    accountId: incident.accountId,
  };
  const notes = [...owed.notes].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (!notes.length) return;
  const metadataFor = (through: string) => ({ event_type: REPLY_EVENT, event_payload: { incident: key, through } });
  try {
    if (owed.replyUnsure && owed.replyThrough) {
      const through = owed.replyThrough;
      const applied = await deps.slack
        .findReply(incident.channel, incident.ts, metadataFor(through))
        .catch(() => undefined);
      owed.replyUnsure = false;
      owed.replyThrough = undefined;
      if (applied) {
        const upTo = notes.findIndex((n) => n.id === through);
        const done = notes.slice(0, upTo + 1);
        owed.notes = owed.notes.filter((n) => !done.includes(n));
        owed.dropped = 0;
        owed.repliedAt = now;
        owed.broadcast = false;
        return;
      }
    }
    const through = notes[notes.length - 1]!.id;
    // Saved with the flow if this attempt fails: Slack may have applied it.
    owed.replyUnsure = true;
    owed.replyThrough = through;
    await claimed?.();
    await deps.slack.postMessage(
      incident.channel,
      {
        ...formatReply(alarm, notes, owed.dropped ?? 0),
        metadata: metadataFor(through),
        ...(owed.broadcast ? { reply_broadcast: true } : {}),
      },
      incident.ts,
    );
    owed.replyUnsure = false;
    owed.replyThrough = undefined;
  } catch (err) {
    // The thread's message was deleted: its notes have nowhere to go (its next change opens anew).
    if (!(err instanceof SlackDeliveryError && err.code === 'slack_thread_not_found')) throw err;
    deps.log.warn('the incident message is gone; its thread notes are dropped', { key, notes: notes.length });
  }
  owed.notes = owed.notes.filter((n) => !notes.includes(n));
  owed.dropped = 0;
  owed.repliedAt = now;
  owed.broadcast = false;
}

/** Writes a change to the incident over whatever version is current (another writer may have acted). */
async function settle(incidents: IncidentStore, key: string, change: (i: Incident) => Incident): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await incidents.get(key);
    if (!current) return;
    try {
      await incidents.put({ ...change(current), version: current.version + 1 });
      return;
    } catch (err) {
      if (!(err instanceof IncidentConflictError) || attempt >= 4) throw err;
    }
  }
}
