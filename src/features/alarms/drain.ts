import { markSuperseded, postOnce } from '../../kernel/delivery/post-once';
import { IncidentConflictError, SlackDeliveryError } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import { attachGraph, type EnrichDeps } from './enrich';
import {
  canTake,
  digestDue,
  endStormIfOver,
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
import { formatStorm } from './format-storm';
import type { FlowStore, Incident, IncidentStore, MuteStore } from './incident';
import { incidentView } from './rules';

export interface DrainDeps extends EnrichDeps {
  slack: SlackPort;
  incidents: IncidentStore;
  flows: FlowStore;
  mutes?: MuteStore;
  flow: FlowSettings;
  now: () => Date;
  /** Stop before this (epoch ms): what is left waits for the next pass. */
  deadline: () => number;
  log: Logger;
}

/** The metadata event types of the bot's messages, so a post whose answer was lost is found. */
export const INCIDENT_EVENT = 'lamplighter_incident';
export const STORM_EVENT = 'lamplighter_storm';
export const REPLY_EVENT = 'lamplighter_reply';

/** The metadata of an incident's first post: the incident and its episode. */
export const incidentMetadata = (incident: Pick<Incident, 'key' | 'openedAt'>) => ({
  event_type: INCIDENT_EVENT,
  event_payload: { incident: incident.key, opened: incident.openedAt.toISOString() },
});

/**
 * Leaves this much of the invocation before starting another Slack write: more than one write
 * can take (SLACK_TIMEOUT_MS is 5 s by default), so the flow is always saved after it.
 */
const MARGIN_MS = 10_000;

/** A message Slack no longer has (deleted by someone), or can no longer edit. */
const gone = (err: unknown) =>
  err instanceof SlackDeliveryError &&
  (err.code === 'slack_message_not_found' || err.code === 'slack_cant_update_message');

/**
 * Does what the channel is owed, most important first, as far as its budgets allow: the storm
 * message, then deferred first posts, then live messages behind their state, then thread
 * digests that are due. What a budget does not cover waits in the flow for the next
 * notification or the scheduled pass. A message that is gone is posted anew; any other Slack
 * failure stops the pass (Slack is struggling) and is retried by the next one.
 */
export async function drain(channel: string, deps: DrainDeps): Promise<void> {
  const stored = await deps.flows.get(channel);
  if (!stored) return;
  const flow = refill(stored, deps.now(), deps.flow);
  const timeLeft = () => Date.now() < deps.deadline() - MARGIN_MS;
  try {
    if (timeLeft()) await drawStorm(flow, deps);
    for (const pass of [postDeferred, redrawBehind, replyDue] as const) {
      for (const [key, owed] of Object.entries(flow.owed)) {
        if (!timeLeft()) return;
        await pass(flow, key, owed, deps);
      }
    }
  } catch (err) {
    deps.log.warn('the channel is owed more than Slack took; the rest waits for the next pass', {
      channel,
      error: err,
    });
  } finally {
    prune(flow, deps.now(), deps.flow);
    await deps.flows.put({ ...flow, version: flow.version + 1 });
  }
}

/** The storm message, drawn when it is stale: its first post at once, then at most once a `stormRedrawMs`. */
export async function drawStorm(flow: ChannelFlow, deps: DrainDeps): Promise<void> {
  const now = deps.now();
  endStormIfOver(flow, now, deps.flow);
  const storm = flow.storm;
  if (!storm?.stale) return;
  // It goes first and needs no token (it stands for every member), but at most once an interval.
  if (storm.ts && storm.drawnAt && now.getTime() - storm.drawnAt.getTime() < deps.flow.stormRedrawMs) return;
  spend(flow, storm.ts ? 'update' : 'post');
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
  // Over, and drawn so: the storm message is left showing its members' final states.
  if (storm.ended) delete flow.storm;
}

/**
 * Saves the flow before a post, by a conditional write: a pass that read it before (another
 * invocation's) fails its own claim and cannot make the same post.
 */
async function claim(flow: ChannelFlow, deps: DrainDeps): Promise<void> {
  await deps.flows.put({ ...flow, version: flow.version + 1 });
  flow.version += 1;
}

type Pass = (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps) => Promise<void>;

/** A first post deferred by a storm, in the incident's latest state (when the post budget allows). */
const postDeferred: Pass = async (flow, key, owed, deps) => {
  if (!owed.post || !canTake(flow, 'post')) return;
  // Waiting for others opening with it (its own invocation posts it then), unless they made a storm.
  if (owed.heldUntil && owed.heldUntil > deps.now() && !inStorm(flow, key)) return;
  const incident = await deps.incidents.get(key);
  if (!incident || incident.ts !== '' || !incident.alarm) {
    owed.post = false;
    return;
  }
  take(flow, 'post');
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
  let live = posted;
  await settle(deps.incidents, key, (current) => {
    // Another writer posted this episode meanwhile: its message is the live one; this copy says so.
    if (current.ts && current.ts !== posted.ts && current.openedAt.getTime() === incident.openedAt.getTime()) {
      live = { channel: current.channel, ts: current.ts };
      return current;
    }
    live = posted;
    return { ...current, channel: posted.channel, ts: posted.ts };
  });
  owed.post = false;
  owed.unsure = false;
  owed.heldUntil = undefined;
  updateMember(flow, key, { ts: live.ts });
  if (live !== posted) {
    await markSuperseded(deps.slack, live, [posted], deps.log);
    // The live copy was drawn by its poster, maybe from an older state: it is redrawn.
    owed.redraw = true;
    return;
  }
  // Posted in its latest state: nothing to redraw.
  owed.redraw = false;
  // attachGraph logs (never throws) when the graph cannot be made.
  if (deps.graphs && incident.state === 'ALARM')
    await attachGraph(incident.alarm, posted, deps, (_name, run) => run(), now);
};

/** A live message behind its incident's state, redrawn (when the update budget allows). */
const redrawBehind: Pass = async (flow, key, owed, deps) => {
  if (!owed.redraw || owed.post || !canTake(flow, 'update')) return;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.redraw = false;
    return;
  }
  take(flow, 'update');
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
  }
  owed.redraw = false;
};

/** The thread's next reply: the changes noted since the last, once its interval has passed. */
const replyDue: Pass = async (flow, key, owed, deps) => {
  const now = deps.now();
  if (owed.post || !digestDue(owed, now, deps.flow) || !canTake(flow, 'post')) return;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts) return; // its first post is pending; the notes wait for it
  take(flow, 'post');
  await postNotes(incident, owed, deps);
};

/**
 * Posts the incident's noted changes as one thread reply, named by the last change it carries:
 * after a lost answer, the next attempt finds it (conversations.replies) instead of posting it
 * twice, and the notes it carried are done; later ones wait for the next reply.
 */
export async function postNotes(
  incident: Incident,
  owed: Owed,
  deps: Pick<DrainDeps, 'slack' | 'log' | 'now'>,
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
