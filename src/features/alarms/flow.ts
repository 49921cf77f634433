import type { AlarmState } from './alarm';

/**
 * Storm control, in one pure module: what the notifier owes each channel, and the channel's post
 * budget. Updating an incident's live message in place comes first and at once; what is rationed
 * is the rest — thread replies (which become one digest per interval), and, while many alarms
 * open in one channel at once, their own first posts and redraws, for which one storm message
 * stands in the meantime. Invocations run concurrently: a channel's flow is read and written
 * under its lock (see budget.ts), and `chat.update` is budgeted for the whole workspace.
 */
export interface FlowSettings {
  /** Posts to one channel a minute, on average; Slack allows about one a second per channel. */
  postsPerMinute: number;
  /** Posts that may go at once after a quiet spell. */
  burst: number;
  /** `chat.update` calls a minute for the whole workspace (Slack's Tier 3 allows about 50), one budget shared by every channel. */
  updatesPerMinute: number;
  /** A thread gets at most one reply (a digest of the changes since) per interval. */
  digestIntervalMs: number;
  /** This many incidents opening in one channel within `stormWindowMs` is a storm; 0: never. */
  stormThreshold: number;
  stormWindowMs: number;
  /**
   * A new alarm's own post waits this long (its invocation waits) for others opening with it: if
   * they make a storm, the storm message is posted first and the members' own messages after it.
   * 0: posted at once.
   */
  stormGatherMs: number;
  /** A storm with none of its alarms in ALARM is over once none has changed for this long. */
  stormCalmMs: number;
  /** The storm message is redrawn at most this often, so it cannot take the whole budget. */
  stormRedrawMs: number;
}

/** One change waiting for its incident's next thread reply. */
export interface Note {
  /** The delivery that brought it, so a retried delivery does not note it twice. */
  id: string;
  at: Date;
  state: AlarmState;
  /** The reply's first line, mrkdwn, already escaped. */
  head: string;
  /** The alarm's reason, escaped and cut short. */
  body?: string;
}

/** What is owed to one incident's messages. */
export interface Owed {
  /** Its first post is deferred (it opened during a storm, or waits for others opening with it). */
  post?: boolean;
  /** Until when its first post waits for a storm to gather, unless one does (see stormGatherMs). */
  heldUntil?: Date;
  /** An earlier attempt at that post may have been applied: look before posting. */
  unsure?: boolean;
  /** It opened alone (no storm): its first post goes at once, whatever the channel's post budget (it still counts). */
  alone?: boolean;
  /** Its live message is behind its state. */
  redraw?: boolean;
  /** Its own message shows a state while it is a storm line: it is folded (shows no state) until the storm ends. */
  fold?: boolean;
  notes: Note[];
  /** Notes beyond MAX_NOTES, counted rather than kept. */
  dropped?: number;
  /** When its thread last got a reply. */
  repliedAt?: Date;
  /** The last reply's attempt may have been applied: look for it (by the last note it carried) first. */
  replyUnsure?: boolean;
  replyThrough?: string;
  /** A re-fire: its next reply is also sent to the channel (reply_broadcast), at once. */
  broadcast?: boolean;
}

export interface StormMember {
  key: string;
  alarmName: string;
  state: AlarmState;
  /** When it entered that state. */
  since?: Date;
  openedAt: Date;
  /** Its own message, once posted, and a link to it. */
  ts?: string;
  link?: string;
  /** Acknowledged, or muted, from the storm message (Acknowledge all, Mute all): its line says so. */
  ackBy?: string;
  mutedUntil?: Date;
  /** Its own message was folded into the storm: it is redrawn in its state when the storm ends. */
  folded?: boolean;
}

export interface Storm {
  /** The storm message; '' until it is posted. */
  ts: string;
  since: Date;
  region?: string;
  members: StormMember[];
  /** Members beyond MAX_MEMBERS, counted rather than listed. */
  unlisted?: number;
  stale: boolean;
  drawnAt?: Date;
  /** Over: drawn once more in its final state, then forgotten. */
  ended?: boolean;
  /** When its thread last got a digest of its members' changes, and a lost reply to look for. */
  repliedAt?: Date;
  replyUnsure?: boolean;
  replyThrough?: string;
}

export interface ChannelFlow {
  channel: string;
  /** What the channel's post budget has left. */
  tokens: number;
  refilledAt: Date;
  /** Incidents opened lately, for telling a storm. */
  opens: StormMember[];
  storm?: Storm;
  owed: Record<string, Owed>;
  version: number;
}

export const newFlow = (channel: string, now: Date, settings: FlowSettings): ChannelFlow => ({
  channel,
  tokens: settings.burst,
  refilledAt: now,
  opens: [],
  owed: Object.create(null) as ChannelFlow['owed'],
  version: 0,
});

/** The budget refilled for the time passed since it was last refilled. */
export function refill(flow: ChannelFlow, now: Date, settings: FlowSettings): ChannelFlow {
  const minutes = Math.max(0, now.getTime() - flow.refilledAt.getTime()) / 60_000;
  return {
    ...flow,
    tokens: Math.min(settings.burst, flow.tokens + minutes * settings.postsPerMinute),
    refilledAt: now,
  };
}

/** Is there a post (`chat.postMessage`) left in the channel's budget? (Updates: see budget.ts.) */
export const canPost = (flow: ChannelFlow): boolean => flow.tokens >= 1;

/** Takes one post from the budget; false (and unchanged) when there is none left. */
export function takePost(flow: ChannelFlow): boolean {
  if (flow.tokens < 1) return false;
  flow.tokens -= 1;
  return true;
}

/** A post that goes at once whatever the budget: it still counts. */
export function spendPost(flow: ChannelFlow): void {
  flow.tokens = Math.max(0, flow.tokens - 1);
}

const owedOf = (flow: ChannelFlow, key: string): Owed => (flow.owed[key] ??= { notes: [] });

/** The most notes a thread waits with; beyond, the oldest are counted, not kept. */
export const MAX_NOTES = 40;

/** Adds a change to the incident's next thread reply (once per delivery). */
export function addNote(flow: ChannelFlow, key: string, note: Note): void {
  const owed = owedOf(flow, key);
  if (owed.notes.some((n) => n.id === note.id)) return;
  owed.notes.push(note);
  if (owed.notes.length > MAX_NOTES) {
    owed.dropped = (owed.dropped ?? 0) + owed.notes.length - MAX_NOTES;
    owed.notes = owed.notes.slice(-MAX_NOTES);
  }
}

export const markRedraw = (flow: ChannelFlow, key: string): void => {
  owedOf(flow, key).redraw = true;
};

/** Is the incident's thread due a reply now? */
export const digestDue = (owed: Owed, now: Date, settings: FlowSettings): boolean =>
  owed.notes.length > 0 &&
  (owed.broadcast === true || !owed.repliedAt || now.getTime() - owed.repliedAt.getTime() >= settings.digestIntervalMs);

/** Is anything owed to the channel? */
export const hasWork = (flow: ChannelFlow): boolean =>
  Object.values(flow.owed).some((o) => o.post || o.redraw || o.fold || o.notes.length > 0) ||
  flow.storm?.stale === true;

/**
 * An incident opens in the channel: is it part of a storm? The first `stormThreshold - 1` opens
 * in a window post as usual; the one that reaches the threshold starts a storm message listing
 * them all, and from then on new opens wait their turn behind it.
 */
export function admitOpen(
  flow: ChannelFlow,
  member: StormMember,
  region: string | undefined,
  settings: FlowSettings,
): 'alone' | 'storm' {
  const now = member.openedAt;
  const since = now.getTime() - settings.stormWindowMs;
  flow.opens = [...flow.opens.filter((o) => o.openedAt.getTime() >= since && o.key !== member.key), member];
  endStormIfOver(flow, now, settings);
  const storm = flow.storm;
  if (storm && !storm.ended) {
    addMember(storm, member, region);
    return 'storm';
  }
  if (storm || settings.stormThreshold <= 0 || flow.opens.length < settings.stormThreshold) return 'alone';
  flow.storm = { ts: '', since: flow.opens[0]!.openedAt, region, members: [], stale: true };
  for (const open of flow.opens) addMember(flow.storm, open, region);
  return 'storm';
}

/** The most alarms a storm message lists; the rest are counted. */
export const MAX_MEMBERS = 300;

/** A new episode of an alarm replaces what the storm knew of its earlier one (its message, its link). */
function addMember(storm: Storm, member: StormMember, region: string | undefined): void {
  const i = storm.members.findIndex((m) => m.key === member.key);
  if (i >= 0) storm.members[i] = { ...member };
  else if (storm.members.length < MAX_MEMBERS) storm.members.push({ ...member });
  else storm.unlisted = (storm.unlisted ?? 0) + 1;
  if (region !== storm.region) storm.region = undefined;
  storm.stale = true;
}

/** How long a storm may outlast its last open while members are still in ALARM. */
const STORM_TAIL_MS = 2 * 60 * 60_000;

/**
 * A storm is over once no member is in ALARM and either nothing has opened in it for a window or
 * none has changed for `stormCalmMs`; or two hours after its last open whatever their states
 * (their own messages carry on). It is then drawn once more, final, and forgotten: it cannot
 * keep growing.
 */
export function endStormIfOver(flow: ChannelFlow, now: Date, settings: FlowSettings): void {
  const storm = flow.storm;
  if (!storm || storm.ended) return;
  const lastOpen = Math.max(storm.since.getTime(), ...storm.members.map((m) => m.openedAt.getTime()));
  const quiet = now.getTime() - lastOpen;
  const lastChange = Math.max(lastOpen, ...storm.members.map((m) => m.since?.getTime() ?? 0));
  const calm = quiet >= settings.stormWindowMs || now.getTime() - lastChange >= settings.stormCalmMs;
  if (quiet >= STORM_TAIL_MS || (calm && storm.members.every((m) => m.state !== 'ALARM'))) {
    storm.ended = true;
    storm.stale = true;
  }
}

/** Is this incident a member of the channel's storm? */
export const inStorm = (flow: ChannelFlow, key: string): boolean =>
  flow.storm !== undefined && !flow.storm.ended && flow.storm.members.some((m) => m.key === key);

/** A member's new state (or its own message), so the storm message shows it; recent opens too. */
export function updateMember(flow: ChannelFlow, key: string, change: Partial<Omit<StormMember, 'key'>>): void {
  const open = flow.opens.find((m) => m.key === key);
  if (open) Object.assign(open, change);
  const member = flow.storm?.members.find((m) => m.key === key);
  if (!member || !flow.storm) return;
  Object.assign(member, change);
  // OK closes the incident, and its acknowledgement with it.
  if (change.state === 'OK') member.ackBy = undefined;
  flow.storm.stale = true;
}

/** Drops what is no longer owed, and replies older than an interval (nothing waits on them). */
export function prune(flow: ChannelFlow, now: Date, settings: FlowSettings): void {
  for (const [key, owed] of Object.entries(flow.owed)) {
    const idle = !owed.post && !owed.redraw && !owed.fold && owed.notes.length === 0;
    const replyOld = !owed.repliedAt || now.getTime() - owed.repliedAt.getTime() >= settings.digestIntervalMs;
    if (idle && replyOld) delete flow.owed[key];
  }
  const since = now.getTime() - settings.stormWindowMs;
  flow.opens = flow.opens.filter((o) => o.openedAt.getTime() >= since);
}

/**
 * Keeps a flow within a DynamoDB item (400 KB) however long a storm runs: past `maxChars` of
 * JSON, waiting notes lose their reason text, then all but each thread's last five are counted
 * instead of kept. What is counted still shows in the digest ("…and 12 earlier changes").
 */
export function fitFlow(flow: ChannelFlow, size: (f: ChannelFlow) => number, maxChars: number): ChannelFlow {
  if (size(flow) <= maxChars) return flow;
  const owed = Object.assign(Object.create(null) as ChannelFlow['owed'], flow.owed);
  for (const [key, o] of Object.entries(owed)) owed[key] = { ...o, notes: o.notes.map(({ body: _, ...n }) => n) };
  let fitted: ChannelFlow = { ...flow, owed };
  if (size(fitted) <= maxChars) return fitted;
  for (const [key, o] of Object.entries(owed)) {
    const cut = Math.max(0, o.notes.length - 5);
    owed[key] = { ...o, notes: o.notes.slice(cut), dropped: (o.dropped ?? 0) + cut };
  }
  fitted = { ...fitted, owed };
  return fitted;
}
