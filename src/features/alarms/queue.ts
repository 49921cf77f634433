import type { SlackMessage } from '../../kernel/slack/blocks';
import type { AlarmState } from './alarm';
import {
  addNote,
  admitOpen,
  inStorm,
  markRedraw,
  updateMember,
  type ChannelFlow,
  type FlowSettings,
  type Note,
  type StormMember,
} from './flow';

/**
 * What a change owes its channel, queued in the state table for whoever draws the channel next
 * (see drain.ts). An invocation that carries a change never waits for the channel: it queues the
 * work (with the incident's write, in one transaction) and draws the channel only if nobody else
 * is; whoever is, applies it. So one channel's slow Slack calls hold up nobody's change, and
 * nothing polls for a lock.
 */
export type Work =
  /** A change noted for the thread only: it arrived late, or the first post is still pending. */
  | { kind: 'note'; key: string; note: Note }
  /** The incident's new state: its storm line or its own message shows it, its thread notes it. */
  | { kind: 'change'; key: string; state: AlarmState; since: Date; note: Note; broadcast?: boolean }
  /** A new incident (or episode): it joins the channel's recent opens and is posted as its flow allows. */
  | { kind: 'open'; key: string; member: StormMember; region?: string; unsure?: boolean; gatherMs: number }
  /** The incident's previous episode, its message drawn final and its last notes posted before the new one starts. */
  | { kind: 'close'; key: string; close: Close };
/** The message of an incident's previous episode and how to draw it final (see drain.ts). */
export interface Close {
  ts: string;
  channel: string;
  /** Absent: the incident kept no copy of its alarm to draw it from; its message stays as it is. */
  message?: SlackMessage;
  alarm: { alarmName: string; partition: string; region?: string; accountId: string };
}

export interface Queued {
  /** The delivery and what it queued: the same change queued twice is one item. */
  id: string;
  at: Date;
  work: Work;
}

/** The channel's queue, in the state table. */
export interface WorkQueue {
  /** Queues work (the same id again replaces it). */
  add(channel: string, item: Queued): Promise<void>;
  /** What waits for the channel, oldest first. */
  list(channel: string): Promise<Queued[]>;
  remove(channel: string, ids: readonly string[]): Promise<void>;
  /** The channels with work waiting (the scheduled pass draws them too). */
  channels(): Promise<string[]>;
}

/** Work for one channel, to be written with the incident it changes. */
export interface ChannelWork {
  channel: string;
  item: Queued;
}

/**
 * Applies queued work to the channel's flow (pure; what needs Slack — a previous episode's close —
 * is answered for the drain to do first). Applying the same item twice changes nothing more:
 * notes are kept once per id, a member's state only moves forward in time.
 */
export function applyWork(flow: ChannelFlow, item: Queued, settings: FlowSettings): void {
  const work = item.work;
  if (work.kind === 'close') return; // the drain's (it needs Slack)
  if (work.kind === 'note') return addNote(flow, work.key, work.note);
  if (work.kind === 'change') {
    const member = flow.storm?.members.find((m) => m.key === work.key) ?? flow.opens.find((m) => m.key === work.key);
    const newer = !member?.since || member.since.getTime() <= work.since.getTime();
    if (newer) updateMember(flow, work.key, { state: work.state, since: work.since });
    const owed = (flow.owed[work.key] ??= { notes: [] });
    if (inStorm(flow, work.key)) {
      // The storm message's line shows the change (one update for all its lines); its own message,
      // if it has one showing a state, is folded so it cannot show a stale one.
      const stormMember = flow.storm!.members.find((m) => m.key === work.key);
      if (stormMember?.ts && !stormMember.folded) owed.fold = true;
    } else markRedraw(flow, work.key);
    addNote(flow, work.key, work.note);
    if (work.broadcast) owed.broadcast = true;
    return;
  }
  const joined = admitOpen(flow, { ...work.member }, work.region, settings);
  const owed = (flow.owed[work.key] ??= { notes: [] });
  owed.post = true;
  if (work.unsure) owed.unsure = true;
  // Alone, it waits a moment for others opening with it: if they make a storm, its summary goes first.
  owed.alone = joined === 'alone';
  // A storm's members wait their turn, in the channel's post budget, once it is over.
  if (joined === 'storm')
    for (const m of flow.storm?.members ?? []) if (flow.owed[m.key]) flow.owed[m.key]!.alone = false;
  const gathering = joined === 'alone' && work.gatherMs > 0;
  owed.heldUntil = gathering ? new Date(item.at.getTime() + work.gatherMs) : undefined;
  if (gathering) holdOthers(flow, work.key, item.at.getTime() + work.gatherMs, work.gatherMs);
}

/**
 * Opens that keep coming hold each other's first posts a little longer (up to four gathers from
 * each one's open): a trickle of opens, one a second, that becomes a storm gets its summary
 * first, and no own message that would have to be folded a moment later.
 */
function holdOthers(flow: ChannelFlow, key: string, until: number, gatherMs: number): void {
  for (const open of flow.opens) {
    const owed = flow.owed[open.key];
    if (open.key === key || !owed?.post || !owed.heldUntil) continue;
    const cap = open.openedAt.getTime() + 4 * gatherMs;
    owed.heldUntil = new Date(Math.max(owed.heldUntil.getTime(), Math.min(until, cap)));
  }
}
