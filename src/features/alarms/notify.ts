import { isAmbiguous, markSuperseded, postOnce } from '../../kernel/delivery/post-once';
import { packTs, runOnce, unpackTs, type Step } from '../../kernel/delivery/run-once';
import type { DeliveryJournal } from '../../kernel/delivery/journal';
import type { Delivery } from '../../kernel/envelopes/sns';
import { unitsForRouting, type AccountDirectory } from '../../kernel/accounts';
import { IncidentConflictError, SlackDeliveryError } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import type { RetryBudget } from '../../kernel/retry';
import { routeChannelId, type RouteRule } from '../../kernel/routing';
import { fitMrkdwn } from '../../kernel/slack/text';
import { noteChanges, type ChangesDeps } from '../changes/note';
import { alarmKey, type AlarmNotification } from './alarm';
import { drain, incidentMetadata, postNotes } from './drain';
import { withTags, type AlarmTagsSource } from './tags';
import { attachGraph, fetchLogs, type EnrichDeps } from './enrich';
import {
  addNote,
  admitOpen,
  inStorm,
  markRedraw,
  newFlow,
  refill,
  spend,
  updateMember,
  type ChannelFlow,
  type FlowSettings,
} from './flow';
import { changeNote, formatAlarm } from './format';
import type { FlowStore, Incident, IncidentStore, Mute, MuteStore } from './incident';
import {
  applyTransition,
  incidentView,
  isMuted,
  openedIncident,
  planTransition,
  transitionNote,
  type Change,
  type Plan,
} from './rules';

export interface NotifierDeps extends EnrichDeps {
  incidents: IncidentStore;
  flows: FlowStore;
  flow: FlowSettings;
  journal: DeliveryJournal;
  /** Absent: nothing is ever muted. */
  mutes?: MuteStore;
  /** Absent: accounts are shown by id only. */
  accounts?: AccountDirectory;
  /** Absent: alarms are routed and shown without their tags. */
  tags?: AlarmTagsSource;
  /** Absent: a new incident's thread does not say what changed before it. */
  changes?: ChangesDeps;
  routes: readonly RouteRule[];
  defaultChannel: string;
  /** When the invocation ends (epoch ms): a new alarm waits for a storm to gather only if it has time. */
  deadline?: () => number;
  flapWindowMs: number;
  now: () => Date;
  log: Logger;
}

export interface Outcome {
  messageId: string;
  action: Plan | 'duplicate';
  channel?: string;
  ts?: string;
}

/**
 * What a delivery is, for "at most once": an alarm's state change is the same change whether it
 * came by the alarm's SNS action or by EventBridge (every alarm, no edits), so it is named by the
 * alarm and the time of its change; anything else by its SNS message id.
 */
function changeId(alarm: AlarmNotification | undefined, delivery: Delivery): string {
  if (!alarm?.alarmArn || !alarm.stateChangeTime) return delivery.messageId;
  return `alarm-change:${alarm.alarmArn}:${alarm.state}:${alarm.stateChangeTime.toISOString()}`;
}

/**
 * Handles one alarm delivery end to end (src/app/classify.ts found the alarm in it, with its
 * account's name): route, post or update, journaled so a redelivery posts nothing twice.
 */
export async function notify(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  budget: RetryBudget,
): Promise<Outcome> {
  const timed = { ...deps, deadline: budget.deadline };
  const outcome = await runOnce(changeId(alarm, delivery), deps, budget, async (step, attempt): Promise<Outcome> =>
    notifyAlarm(alarm, delivery, timed, step, attempt.retried),
  );
  if (outcome === 'duplicate') return { messageId: delivery.messageId, action: 'duplicate' };
  // The account is first-class in every line: one Lamplighter serves many.
  deps.log.info('delivered', { ...outcome, account: alarm.accountId });
  // Then what the channel is owed (this change's thread reply, deferred posts), as its budget allows.
  if (outcome.channel)
    await drain(outcome.channel, timed).catch((err: unknown) =>
      deps.log.warn('could not do what the channel is owed; the scheduled pass will', {
        channel: outcome.channel,
        error: err,
      }),
    );
  return outcome;
}

const LATE_NOTE = 'arrived late; the message shows a newer state';

/** The channel's flow, its budget refilled to now. */
async function flowOf(channel: string, deps: NotifierDeps, now: Date): Promise<ChannelFlow> {
  const stored = await deps.flows.get(channel);
  return stored ? refill(stored, now, deps.flow) : newFlow(channel, now, deps.flow);
}

const saveFlow = (flow: ChannelFlow, deps: NotifierDeps) => deps.flows.put({ ...flow, version: flow.version + 1 });

/** Notes a change for the incident's next thread reply. */
function noteChange(
  flow: ChannelFlow,
  key: string,
  delivery: Delivery,
  change: { alarm: AlarmNotification; at: Date },
  previous: { state: AlarmNotification['state']; since: Date | undefined },
  note?: string,
): void {
  const { head, body } = changeNote(change.alarm, previous, note);
  addNote(flow, key, {
    id: delivery.messageId,
    at: change.at,
    state: change.alarm.state,
    head,
    ...(body ? { body: fitMrkdwn(body, 300) } : {}),
  });
}

async function notifyAlarm(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  retried = false,
): Promise<Outcome> {
  const key = alarmKey(alarm);
  const now = deps.now();
  const done = (action: Plan, at?: { channel: string; ts: string }): Outcome => ({
    messageId: delivery.messageId,
    action,
    ...(at ? { channel: at.channel, ...(at.ts ? { ts: at.ts } : {}) } : {}),
  });
  const incident = await deps.incidents.get(key);
  // Its first post has not landed yet (it failed, and waits for a retry): keep the newest state, post that.
  if (incident && incident.ts === '') return finishPending(incident, alarm, delivery, deps, step, now);
  if (incident && incident.lastMessageId === delivery.messageId) {
    // An earlier attempt at this delivery saved its change; only the graph can be left to do.
    if (incident.lastPlan === 'open' && deps.graphs && alarm.state === 'ALARM')
      await attachGraph(alarm, incident, deps, step, now);
    return done(incident.lastPlan ?? 'update', incident);
  }
  const mute = await deps.mutes?.getMute(key);
  const plan = planTransition(incident, alarm, now, deps.flapWindowMs, isMuted(mute, now));
  if (plan === 'quiet') {
    deps.log.info('OK with no open incident; nothing to update', {
      alarm: alarm.alarmName,
      messageId: delivery.messageId,
    });
    return done('quiet');
  }
  const logs = alarm.state === 'ALARM' && plan !== 'late' ? await fetchLogs(alarm, deps, now) : undefined;
  // A new incident reads the alarm's tags, to route it and show its owner and runbook; later
  // changes keep the incident's (see applyTransition).
  const opening = plan === 'open' || !incident;
  const tagged = opening ? await withTags(alarm, deps.tags, deps.log) : alarm;
  const change: Change = { alarm: tagged, at: alarm.stateChangeTime ?? now, ...(logs ? { logs } : {}) };

  if (opening) return openIncident(key, change, delivery, deps, step, { previous: incident, mute, now, retried });
  const flow = await flowOf(incident.channel, deps, now);
  if (plan === 'late') {
    noteChange(flow, key, delivery, change, { state: alarm.state, since: undefined }, LATE_NOTE);
    await saveFlow(flow, deps);
    return done('late', incident);
  }

  // A re-fire re-opens a message far up the channel: its thread reply is also sent to the channel,
  // at most once per flap window per alarm (a flapping alarm stays in its thread after that). Not
  // while muted, nor while acknowledged (someone is on it: repeats stay in its thread).
  const refire =
    plan === 'reopen' &&
    alarm.state === 'ALARM' &&
    incident.state !== 'ALARM' &&
    !incident.ackBy &&
    !isMuted(mute, now);
  const shown = incident.refireShownAt;
  const broadcast = refire && (!shown || now.getTime() - shown.getTime() >= deps.flapWindowMs);
  const updated: Incident = {
    ...applyTransition(incident, change, plan),
    lastMessageId: delivery.messageId,
    lastPlan: plan,
    ...(broadcast ? { refireShownAt: now } : {}),
  };
  if (inStorm(flow, key)) {
    // The storm message shows the change at once; its own message follows as the budget allows.
    markRedraw(flow, key);
  } else {
    try {
      // Named by the version it drew from: a retry after a conflict redraws from the fresh state.
      await step(`update@v${incident.version}`, async () => {
        const message = formatAlarm({
          alarm: updated.alarm ?? alarm,
          incident: incidentView(updated, mute, now),
          logs: updated.logs,
        });
        await deps.slack.updateMessage(incident.channel, incident.ts, message);
        return 'updated';
      });
      spend(flow, 'update');
    } catch (err) {
      if (
        err instanceof SlackDeliveryError &&
        (err.code === 'slack_message_not_found' || err.code === 'slack_cant_update_message')
      ) {
        deps.log.warn('the incident message is gone; opening a new one', {
          key,
          channel: incident.channel,
          ts: incident.ts,
        });
        return openIncident(key, change, delivery, deps, step, { previous: incident, mute, now, retried });
      }
      throw err;
    }
  }
  updateMember(flow, key, { state: alarm.state, since: change.at });
  const since = { state: incident.state, since: incident.stateChangedAt };
  noteChange(flow, key, delivery, change, since, transitionNote(plan, updated, mute, now));
  if (broadcast) flow.owed[key]!.broadcast = true;
  // The flow first: if the incident's write fails, the retry notes the change again (once).
  await saveFlow(flow, deps);
  await deps.incidents.put(updated);
  return done(plan, incident);
}

async function openIncident(
  key: string,
  change: Change,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  ctx: { previous: Incident | undefined; mute: Mute | undefined; now: Date; retried: boolean },
): Promise<Outcome> {
  const { alarm } = change;
  const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, {
    accountId: alarm.accountId,
    region: alarm.region,
    alarmName: alarm.alarmName,
    topicArn: delivery.topicArn,
    ...(alarm.accountName ? { accountName: alarm.accountName } : {}),
    ...(alarm.tags ? { tags: alarm.tags } : {}),
    ...(await unitsForRouting(deps.routes, deps.accounts, alarm.accountId)),
  });
  // The intent is recorded before the post: a change that arrives while the post is failing is
  // kept (see finishPending), so nothing quiet is lost and the message shows the latest state.
  const intent: Incident = {
    ...openedIncident(key, change, ctx.previous),
    channel,
    ts: '',
    lastMessageId: delivery.messageId,
    lastPlan: 'open',
  };
  await deps.incidents.put(intent);
  return admitted(intent, delivery, deps, step, { ...ctx, unsure: ctx.retried }, ctx.previous);
}

/**
 * The new incident joins its channel's recent opens: alone, it is posted at once; in a storm, the
 * storm message stands for it and its own post waits its turn (see drain.ts).
 */
async function admitted(
  intent: Incident,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  ctx: { mute: Mute | undefined; now: Date; unsure: boolean },
  previous?: Incident,
): Promise<Outcome> {
  const flow = await flowOf(intent.channel, deps, ctx.now);
  if (previous) await closeEpisode(previous, flow, deps, ctx);
  const member = {
    key: intent.key,
    alarmName: intent.alarmName,
    state: intent.state,
    since: intent.stateChangedAt,
    openedAt: intent.openedAt,
  };
  const deferred = { messageId: delivery.messageId, action: 'open' as const, channel: intent.channel };
  const gatherMs = deps.flow.stormThreshold > 0 ? deps.flow.stormGatherMs : 0;
  // Many invocations may admit opens into one channel at once: each change is made over the
  // flow as stored, again if another writer got there first.
  const storm = await withFlow(
    intent.channel,
    deps,
    (current) => {
      if (admitOpen(current, { ...member }, intent.region, deps.flow) === 'alone' && gatherMs === 0) return 'alone';
      const owed = (current.owed[intent.key] ??= { notes: [] });
      owed.post = true;
      if (ctx.unsure) owed.unsure = true;
      owed.heldUntil = current.storm && !current.storm.ended ? undefined : new Date(ctx.now.getTime() + gatherMs);
      return owed.heldUntil ? 'held' : 'storm';
    },
    flow,
  );
  if (storm === 'storm') return deferred;
  if (storm === 'held') {
    // Others opening with it may make a storm meanwhile: then its summary goes first (see drain.ts).
    if (!(await waitOut(gatherMs, deps.deadline))) return deferred; // the scheduled pass posts it
    // Claimed by a conditional write: a pass that read the flow before cannot post it too.
    const claimed = await withFlow(intent.channel, deps, (current) => {
      const held = current.owed[intent.key];
      if (inStorm(current, intent.key) || !held?.post) return false;
      held.post = false;
      held.heldUntil = undefined;
      return true;
    });
    if (!claimed) return deferred;
  }
  const outcome = await postFirst(intent, delivery, deps, step, ctx);
  await withFlow(intent.channel, deps, (current) => {
    spend(current, 'post');
    updateMember(current, intent.key, { ts: outcome.ts });
  });
  return outcome;
}

/** Waits `ms` when the invocation has that long to spare; false when it has not. */
async function waitOut(ms: number, deadline: (() => number) | undefined): Promise<boolean> {
  if (deadline && Date.now() + ms > deadline() - 15_000) return false;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return true;
}

/**
 * Changes the channel's flow and saves it, again over the flow as stored if another writer acted
 * meanwhile (a conditional write). `first`: the flow in hand, for the first attempt.
 */
async function withFlow<T>(
  channel: string,
  deps: NotifierDeps,
  change: (flow: ChannelFlow) => T,
  first?: ChannelFlow,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const flow = attempt === 0 && first ? first : await flowOf(channel, deps, deps.now());
    const result = change(flow);
    try {
      await saveFlow(flow, deps);
      return result;
    } catch (err) {
      if (!(err instanceof IncidentConflictError) || attempt >= 9) throw err;
    }
  }
}

/**
 * What the channel still owed the incident's previous episode is done now, at once, before the
 * new episode starts afresh: its message redrawn in its final state, its last thread notes
 * posted. Best effort: a failure here is logged, never allowed to cost the new alarm.
 */
async function closeEpisode(
  previous: Incident,
  current: ChannelFlow,
  deps: NotifierDeps,
  ctx: { mute: Mute | undefined; now: Date },
): Promise<void> {
  const flow = previous.channel === current.channel ? current : await flowOf(previous.channel, deps, ctx.now);
  const owed = flow.owed[previous.key];
  if (!owed) return;
  delete flow.owed[previous.key];
  try {
    if (previous.ts && previous.alarm && owed.redraw) {
      const message = formatAlarm({
        alarm: previous.alarm,
        incident: incidentView(previous, ctx.mute, ctx.now),
        logs: previous.logs,
      });
      await deps.slack.updateMessage(previous.channel, previous.ts, message);
    }
    if (previous.ts && owed.notes.length) {
      // As the drain posts digests: an answer lost in flight is looked for before a second try.
      // A reply found carries only the notes up to its own; the rest follow in a second reply.
      for (let attempt = 0; attempt < 3 && owed.notes.length; attempt++)
        await postNotes(previous, owed, deps).catch((err: unknown) => {
          if (!isAmbiguous(err) || attempt === 2) throw err;
        });
    }
  } catch (err) {
    deps.log.warn("could not finish the previous episode's message", { key: previous.key, error: err });
  }
  if (flow !== current) await saveFlow(flow, deps);
}

/** A delivery that finds the first post still pending: newer news joins the intent, then the post is made. */
async function finishPending(
  stored: Incident,
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  now: Date,
): Promise<Outcome> {
  // An intent recorded before channels were kept by id names its channel: its id from here on.
  const pending = { ...stored, channel: await deps.slack.channelId(stored.channel) };
  // A change of unknown time cannot be known to be newer: it does not overwrite the pending state.
  const older =
    !alarm.stateChangeTime || (pending.stateChangedAt !== undefined && alarm.stateChangeTime < pending.stateChangedAt);
  let current = pending;
  if (pending.lastMessageId !== delivery.messageId) {
    // The thread keeps the timeline: a change made while the post waits is noted for it too, the
    // flow first (a retry after the incident's write would not note it again).
    const change: Change = { alarm, at: alarm.stateChangeTime ?? now };
    const flow = await flowOf(pending.channel, deps, now);
    if (older) noteChange(flow, pending.key, delivery, change, { state: alarm.state, since: undefined }, LATE_NOTE);
    else noteChange(flow, pending.key, delivery, change, { state: pending.state, since: pending.stateChangedAt });
    await saveFlow(flow, deps);
    if (!older) {
      current = { ...applyTransition(pending, change, 'update'), lastMessageId: delivery.messageId, lastPlan: 'open' };
      await deps.incidents.put(current);
    }
  }
  const mute = await deps.mutes?.getMute(current.key);
  // An earlier attempt may have posted it and lost the answer: look before posting.
  return admitted(current, delivery, deps, step, { mute, now, unsure: true });
}

/** The incident's first message, in its intent's state; then the incident knows where it lives. */
async function postFirst(
  intent: Incident,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  ctx: { mute: Mute | undefined; now: Date; unsure: boolean },
): Promise<Outcome> {
  const alarm = intent.alarm!;
  const message = formatAlarm({ alarm, incident: incidentView(intent, ctx.mute, ctx.now), logs: intent.logs });
  // The incident and its episode: every attempt at this first post, by any delivery, names the same one.
  const metadata = incidentMetadata(intent);
  const post = postOnce(deps.slack, intent.channel, message, metadata, {
    unsure: ctx.unsure,
    log: deps.log,
    since: intent.openedAt,
  });
  const posted = unpackTs(await step('post', async () => packTs(await post())));
  try {
    await deps.incidents.put({ ...intent, channel: posted.channel, ts: posted.ts, version: intent.version + 1 });
  } catch (err) {
    // Another delivery wrote the incident meanwhile. If it also posted the first message, its copy
    // is the live one (the retry of this delivery follows it): this copy says so, never left stale.
    if (err instanceof IncidentConflictError) {
      const winner = await deps.incidents.get(intent.key).catch(() => undefined);
      if (winner?.ts && winner.ts !== posted.ts && winner.openedAt.getTime() === intent.openedAt.getTime())
        await markSuperseded(deps.slack, { channel: winner.channel, ts: winner.ts }, [posted], deps.log);
    }
    throw err;
  }
  if (deps.graphs && alarm.state === 'ALARM') await attachGraph(alarm, posted, deps, step, ctx.now);
  if (deps.changes && alarm.state === 'ALARM')
    await noteChanges(alarm, intent, posted, { ...deps, changes: deps.changes }, step, ctx);
  return { messageId: delivery.messageId, action: 'open', channel: posted.channel, ts: posted.ts };
}
