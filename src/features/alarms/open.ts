/**
 * A new incident (or episode) and a first post still pending: the incident written with the work
 * its channel is owed (see queue.ts), which the channel's drawer posts.
 */
import type { Delivery } from '../../kernel/envelopes/sns';
import { unitsForRouting } from '../../kernel/accounts';
import { routeChannelId } from '../../kernel/routing';
import { fitMrkdwn } from '../../kernel/slack/text';
import { type AlarmNotification } from './alarm';
import type { Note } from './flow';
import { changeNote, formatAlarm } from './format';
import type { Incident, Mute } from './incident';
import type { ChannelWork, Work } from './queue';
import { applyTransition, incidentView, openedIncident, type Change } from './rules';

import type { NotifierDeps, Outcome } from './notify';

export const LATE_NOTE = 'arrived late; the message shows a newer state';

/** A change, as its incident's thread (or its storm's digest) will tell it. */
export function noteOf(
  delivery: Delivery,
  change: { alarm: AlarmNotification; at: Date },
  previous: { state: AlarmNotification['state']; since: Date | undefined },
  note?: string,
): Note {
  const { head, body } = changeNote(change.alarm, previous, note);
  return {
    id: delivery.messageId,
    at: change.at,
    state: change.alarm.state,
    head,
    ...(body ? { body: fitMrkdwn(body, 300) } : {}),
  };
}

/** Work for the channel, named by the delivery (a retry of it replaces it, never adds to it). */
export const queued = (channel: string, id: string, now: Date, work: Work): ChannelWork => ({
  channel,
  item: { id, at: now, work },
});

export async function openIncident(
  key: string,
  change: Change,
  delivery: Delivery,
  deps: NotifierDeps,
  ctx: { previous: Incident | undefined; mute: Mute | undefined; now: Date; retried: boolean },
): Promise<Outcome> {
  const { alarm } = change;
  const { previous, now } = ctx;
  const channel = await routeChannelId(deps.slack, deps.routes, deps.defaultChannel, {
    accountId: alarm.accountId,
    region: alarm.region,
    alarmName: alarm.alarmName,
    topicArn: delivery.topicArn,
    ...(alarm.accountName ? { accountName: alarm.accountName } : {}),
    ...(alarm.tags ? { tags: alarm.tags } : {}),
    ...(await unitsForRouting(deps.routes, deps.accounts, alarm.accountId)),
  });
  // The intent is recorded before the post (the channel's drawer makes it): a change that arrives
  // while the post is failing is kept (see finishPending), so the message shows the latest state.
  const intent: Incident = {
    ...openedIncident(key, change, previous),
    channel,
    ts: '',
    lastMessageId: delivery.messageId,
    lastPlan: 'open',
  };
  const work: ChannelWork[] = [];
  // The previous episode's message is drawn final, and its last notes posted, before this one starts.
  if (previous?.ts) {
    const where = await deps.slack.channelId(previous.channel);
    work.push(
      queued(where, `${delivery.messageId}:close`, now, {
        kind: 'close',
        key,
        close: {
          ts: previous.ts,
          channel: where,
          ...(previous.alarm
            ? {
                message: formatAlarm({
                  alarm: previous.alarm,
                  incident: incidentView(previous, ctx.mute, now),
                  logs: previous.logs,
                }),
              }
            : {}),
          alarm: {
            alarmName: previous.alarmName,
            partition: previous.alarm?.partition ?? 'aws',
            ...(previous.region ? { region: previous.region } : {}),
            accountId: previous.accountId,
          },
        },
      }),
    );
  }
  work.push(openWork(intent, delivery, now, deps, ctx.retried));
  await deps.incidents.put(intent, work);
  return { messageId: delivery.messageId, action: 'open', channel };
}

/**
 * The new incident joins its channel's recent opens: alone, it is posted at once (after a moment
 * for others opening with it); in a storm, the storm message stands for it and its own post
 * waits its turn (see drain.ts). `unsure`: an earlier attempt may have posted it; look first.
 */
function openWork(intent: Incident, delivery: Delivery, now: Date, deps: NotifierDeps, unsure: boolean): ChannelWork {
  const gatherMs = deps.flow.stormThreshold > 0 ? deps.flow.stormGatherMs : 0;
  return queued(intent.channel, `${delivery.messageId}:open`, now, {
    kind: 'open',
    key: intent.key,
    member: {
      key: intent.key,
      alarmName: intent.alarmName,
      state: intent.state,
      ...(intent.stateChangedAt ? { since: intent.stateChangedAt } : {}),
      openedAt: intent.openedAt,
    },
    ...(intent.region ? { region: intent.region } : {}),
    ...(unsure ? { unsure: true } : {}),
    gatherMs,
  });
}

/** A delivery that finds the first post still pending: newer news joins the intent, then the post is queued again. */
export async function finishPending(
  stored: Incident,
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  now: Date,
): Promise<Outcome> {
  // An intent recorded before channels were kept by id names its channel: its id from here on.
  const pending = { ...stored, channel: await deps.slack.channelId(stored.channel) };
  // A change of unknown time cannot be known to be newer: it does not overwrite the pending state.
  const older =
    !alarm.stateChangeTime || (pending.stateChangedAt !== undefined && alarm.stateChangeTime < pending.stateChangedAt);
  let current = pending;
  const work: ChannelWork[] = [];
  if (pending.lastMessageId !== delivery.messageId) {
    // The thread keeps the timeline: a change made while the post waits is noted for it too.
    const change: Change = { alarm, at: alarm.stateChangeTime ?? now };
    const note = older
      ? noteOf(delivery, change, { state: alarm.state, since: undefined }, LATE_NOTE)
      : noteOf(delivery, change, { state: pending.state, since: pending.stateChangedAt });
    work.push(queued(pending.channel, delivery.messageId, now, { kind: 'note', key: pending.key, note }));
    if (!older)
      current = { ...applyTransition(pending, change, 'update'), lastMessageId: delivery.messageId, lastPlan: 'open' };
  }
  // An earlier attempt may have posted it and lost the answer: the drawer looks before posting.
  work.push(openWork(current, delivery, now, deps, true));
  if (current !== pending) await deps.incidents.put(current, work);
  else for (const w of work) await deps.queue.add(w.channel, w.item);
  return { messageId: delivery.messageId, action: 'open', channel: current.channel };
}
