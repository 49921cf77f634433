/**
 * What drawing a channel needs (see drain.ts): its deps, the metadata that names the bot's
 * messages, the workspace's update budget, and the flow's claim before a Slack write.
 */
import { SlackDeliveryError } from '../../kernel/errors';
import { whileConflicting } from '../../kernel/retry';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import { type ChangesDeps } from '../changes/note';
import { type Locks, type Turn, type UpdateBudget } from './budget';
import { type EnrichDeps } from './enrich';
import { type ChannelFlow, type FlowSettings, type Owed } from './flow';
import type { FlowStore, Incident, IncidentStore, MuteStore } from './incident';
import { type WorkQueue } from './queue';

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
  /**
   * What may be slow and need not hold the channel (a new message's graph, what changed before
   * it in CloudTrail): done once the channel is let go. Absent: at once.
   */
  later?: Array<() => Promise<void>>;
}

/** The metadata event types of the bot's messages, so a post whose answer was lost is found. */
export const INCIDENT_EVENT = 'lamplighter_incident';
export const STORM_EVENT = 'lamplighter_storm';
export const REPLY_EVENT = 'lamplighter_reply';
export const STORM_DIGEST_EVENT = 'lamplighter_storm_digest';

/**
 * Updates of own messages leave this many of each slot of the workspace's budget: the storm
 * messages (each stands for many alarms) are drawn first, whatever else is waiting.
 */
export const OWN_RESERVE = 1;

/** Takes one `chat.update` from the workspace's budget: 0, or the ms until one is free for this caller. */
export const takeUpdate = (deps: Pick<DrainDeps, 'budget' | 'flow' | 'now'>, turn: Turn = {}): Promise<number> =>
  deps.budget.take(deps.now(), { perMinute: deps.flow.updatesPerMinute }, turn);

/** The ms until the channel's post budget has a post again. */
export const postWait = (flow: ChannelFlow, settings: FlowSettings) =>
  Math.max(1, Math.ceil(((1 - flow.tokens) / settings.postsPerMinute) * 60_000));

/** The metadata of an incident's first post: the incident and its episode. */
export const incidentMetadata = (incident: Pick<Incident, 'key' | 'openedAt'>) => ({
  event_type: INCIDENT_EVENT,
  event_payload: { incident: incident.key, opened: incident.openedAt.toISOString() },
});

/** A message Slack no longer has (deleted by someone), or can no longer edit. */
export const gone = (err: unknown) =>
  err instanceof SlackDeliveryError &&
  (err.code === 'slack_message_not_found' || err.code === 'slack_cant_update_message');

/**
 * Saves the flow before a post, by a conditional write: a pass that read it before (another
 * invocation's) fails its own claim and cannot make the same post.
 */
export async function claim(flow: ChannelFlow, deps: DrainDeps): Promise<void> {
  await deps.flows.put({ ...flow, version: flow.version + 1 });
  flow.version += 1;
}

export type Pass = (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps) => Promise<number | undefined>;

/** Writes a change to the incident over whatever version is current (another writer may have acted). */
export async function settle(incidents: IncidentStore, key: string, change: (i: Incident) => Incident): Promise<void> {
  await whileConflicting(async () => {
    const current = await incidents.get(key);
    if (current) await incidents.put({ ...change(current), version: current.version + 1 });
  });
}
