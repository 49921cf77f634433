import { postOnce } from '../../kernel/delivery/post-once';
import { IncidentConflictError } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import { attachGraph, type EnrichDeps } from './enrich';
import {
  digestDue,
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

/** The metadata of an incident's first post: the incident and its episode. */
export const incidentMetadata = (incident: Pick<Incident, 'key' | 'openedAt'>) => ({
  event_type: INCIDENT_EVENT,
  event_payload: { incident: incident.key, opened: incident.openedAt.toISOString() },
});

/** Leaves this much of the invocation for saving the flow. */
const MARGIN_MS = 2000;

/**
 * Does what the channel is owed, most important first, as far as its post budget allows: the
 * storm message, then deferred first posts, then live messages behind their state, then thread
 * digests that are due. What the budget does not cover waits in the flow for the next
 * notification or the scheduled pass; a Slack failure stops the pass and is retried then.
 */
export async function drain(channel: string, deps: DrainDeps): Promise<void> {
  const stored = await deps.flows.get(channel);
  if (!stored) return;
  const flow = refill(stored, deps.now(), deps.flow);
  try {
    await drawStorm(flow, deps);
    for (const pass of [postDeferred, redrawBehind, replyDue] as const) {
      for (const [key, owed] of Object.entries(flow.owed)) {
        if (Date.now() > deps.deadline() - MARGIN_MS) return;
        if (!(await pass(flow, key, owed, deps))) return;
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
  const storm = flow.storm;
  if (!storm?.stale) return;
  const now = deps.now();
  // It goes first and needs no token (it stands for every member), but at most once an interval.
  if (storm.ts && storm.drawnAt && now.getTime() - storm.drawnAt.getTime() < deps.flow.stormRedrawMs) return;
  spend(flow, storm.ts ? 'update' : 'post');
  for (const member of storm.members) {
    if (member.ts && !member.link)
      member.link = await deps.slack.permalink(flow.channel, member.ts).catch(() => undefined);
  }
  const message = formatStorm(storm);
  if (!storm.ts) {
    const metadata = {
      event_type: STORM_EVENT,
      event_payload: { channel: flow.channel, since: storm.since.toISOString() },
    };
    const posted = await postOnce(deps.slack, flow.channel, message, metadata, {
      unsure: storm.drawnAt !== undefined,
      log: deps.log,
      since: storm.since,
    })().catch((err: unknown) => {
      // Marked as tried: if Slack applied it, the next attempt finds it instead of posting twice.
      storm.drawnAt = now;
      throw err;
    });
    storm.ts = posted.ts;
  } else {
    await deps.slack.updateMessage(flow.channel, storm.ts, message);
  }
  storm.stale = false;
  storm.drawnAt = now;
}

type Pass = (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps) => Promise<boolean>;

/** A first post deferred by a storm, in the incident's latest state. False: out of budget. */
const postDeferred: Pass = async (flow, key, owed, deps) => {
  if (!owed.post) return true;
  const incident = await deps.incidents.get(key);
  if (!incident || incident.ts !== '') {
    owed.post = false;
    return true;
  }
  if (!take(flow, 'post')) return false;
  const now = deps.now();
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm!,
    incident: incidentView(incident, mute, now),
    logs: incident.logs,
  });
  // Saved with the flow even if this attempt fails: Slack may have applied it, so look first next time.
  const unsure = owed.unsure === true;
  owed.unsure = true;
  const posted = await postOnce(deps.slack, incident.channel, message, incidentMetadata(incident), {
    unsure,
    log: deps.log,
    since: incident.openedAt,
  })();
  await settle(deps.incidents, key, (current) => ({ ...current, channel: posted.channel, ts: posted.ts }));
  owed.post = false;
  owed.unsure = false;
  // Posted in its latest state: nothing to redraw.
  owed.redraw = false;
  updateMember(flow, key, { ts: posted.ts });
  // attachGraph logs (never throws) when the graph cannot be made.
  if (deps.graphs && incident.state === 'ALARM' && incident.alarm)
    await attachGraph(incident.alarm, posted, deps, (_name, run) => run(), now);
  return true;
};

/** A live message behind its incident's state, redrawn. */
const redrawBehind: Pass = async (flow, key, owed, deps) => {
  if (!owed.redraw || owed.post) return true;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.redraw = false;
    return true;
  }
  if (!take(flow, 'update')) return false;
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm,
    incident: incidentView(incident, mute, deps.now()),
    logs: incident.logs,
  });
  await deps.slack.updateMessage(incident.channel, incident.ts, message);
  owed.redraw = false;
  return true;
};

/** The thread's next reply: the changes noted since the last, once its interval has passed. */
const replyDue: Pass = async (flow, key, owed, deps) => {
  const now = deps.now();
  if (owed.post || !digestDue(owed, now, deps.flow)) return true;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts) return true; // its first post is pending; the notes wait for it
  if (!take(flow, 'post')) return false;
  const alarm = incident.alarm ?? { alarmName: incident.alarmName, partition: 'aws', region: incident.region };
  const notes = [...owed.notes].sort((a, b) => a.at.getTime() - b.at.getTime());
  await deps.slack.postMessage(incident.channel, formatReply(alarm, notes, owed.dropped ?? 0), incident.ts);
  owed.notes = owed.notes.filter((n) => !notes.includes(n));
  owed.dropped = 0;
  owed.repliedAt = now;
  return true;
};

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
