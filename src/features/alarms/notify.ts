import { runOnce } from '../../kernel/delivery/run-once';
import type { DeliveryJournal } from '../../kernel/delivery/journal';
import type { Delivery } from '../../kernel/envelopes/sns';
import { type AccountDirectory } from '../../kernel/accounts';
import { whileConflicting, type RetryBudget } from '../../kernel/retry';
import { type RouteRule } from '../../kernel/routing';
import { alarmKey, type AlarmNotification } from './alarm';
import type { DrainDeps } from './drain';
import { withTags, type AlarmTagsSource } from './tags';
import { fetchLogs } from './enrich';
import type { Incident } from './incident';
import { applyTransition, isMuted, planTransition, transitionNote, type Change, type Plan } from './rules';
import { settleChannel } from './settle';

import { finishPending, LATE_NOTE, noteOf, openIncident, queued } from './open';

export interface NotifierDeps extends Omit<DrainDeps, 'deadline'> {
  /** How the invocation waits out a budget (a test's clock advances instead). */
  sleep?: (ms: number) => Promise<void>;
  journal: DeliveryJournal;
  /** Absent: accounts are shown by id only. */
  accounts?: AccountDirectory;
  /** Absent: alarms are routed and shown without their tags. */
  tags?: AlarmTagsSource;
  routes: readonly RouteRule[];
  defaultChannel: string;
  flapWindowMs: number;
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
 * account's name): the incident's new state is written, with what it owes its channel queued in
 * the same write; then the channel is drawn, unless another invocation is drawing it (that one
 * takes the queued work). Journaled, so a redelivery changes nothing twice.
 */
export async function notify(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  budget: RetryBudget,
): Promise<Outcome> {
  // Where showing its own message left the channel: the ms until it could be drawn again.
  let left: number | undefined;
  const outcome = await runOnce(changeId(alarm, delivery), deps, budget, async (_step, attempt) => {
    // One incident's changes are serialised by its version (a conditional write), in the order of
    // their state-change times: a change that lost the race reads the incident again and is
    // planned anew (maybe as late). Nothing before the write waits for Slack.
    const written = await whileConflicting(() => notifyAlarm(alarm, delivery, deps, attempt.retried), 8);
    // Shown before the delivery is done: if Slack will not take it in time, Lambda's retry draws again.
    if (!written.channel) return written;
    left = await settleChannel(written.channel, deps, budget, { own: alarmKey(alarm), untilOwnShown: true });
    // A new incident's message, once posted (by this invocation or whichever drew the channel).
    const ts = written.action === 'open' ? (await deps.incidents.get(alarmKey(alarm)))?.ts : undefined;
    return ts ? { ...written, ts } : written;
  });
  if (outcome === 'duplicate') return { messageId: delivery.messageId, action: 'duplicate' };
  // The account is first-class in every line: one Lamplighter serves many.
  deps.log.info('delivered', { ...outcome, account: alarm.accountId });
  // The delivery is done (a redelivery now finds it so); the channel's other messages (its storm
  // message) are waited for still, by one invocation a channel.
  if (outcome.channel && left !== undefined)
    await settleChannel(outcome.channel, deps, budget, { after: left }).catch((err: unknown) =>
      deps.log.warn('the channel is owed more than Slack took; the rest waits for the next pass', {
        channel: outcome.channel,
        error: err,
      }),
    );
  return outcome;
}

async function notifyAlarm(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  retried: boolean,
): Promise<Outcome> {
  const key = alarmKey(alarm);
  const now = deps.now();
  const done = (action: Plan, channel?: string): Outcome => ({
    messageId: delivery.messageId,
    action,
    ...(channel ? { channel } : {}),
  });
  const incident = await deps.incidents.get(key);
  // Its first post has not landed yet (it failed, and waits for a retry): keep the newest state, post that.
  if (incident && incident.ts === '') return finishPending(incident, alarm, delivery, deps, now);
  // An earlier attempt at this delivery wrote its change, and what it owes the channel with it.
  if (incident && incident.lastMessageId === delivery.messageId)
    return done(incident.lastPlan ?? 'update', await deps.slack.channelId(incident.channel));
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

  if (opening) return openIncident(key, change, delivery, deps, { previous: incident, mute, now, retried });
  // An incident recorded before channels were kept by id names its channel: its id from here on.
  const channel = await deps.slack.channelId(incident.channel);
  if (plan === 'late') {
    const note = noteOf(delivery, change, { state: alarm.state, since: undefined }, LATE_NOTE);
    const late = queued(channel, delivery.messageId, now, { kind: 'note', key, note });
    await deps.queue.add(late.channel, late.item);
    return done('late', channel);
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
    channel,
    lastMessageId: delivery.messageId,
    lastPlan: plan,
    ...(broadcast ? { refireShownAt: now } : {}),
  };
  const since = { state: incident.state, since: incident.stateChangedAt };
  const note = noteOf(delivery, change, since, transitionNote(plan, updated, mute, now));
  await deps.incidents.put(updated, [
    queued(channel, delivery.messageId, now, {
      kind: 'change',
      key,
      state: alarm.state,
      since: change.at,
      note,
      ...(broadcast ? { broadcast: true } : {}),
    }),
  ]);
  return done(plan, channel);
}
