import { liveAlarm } from './resolve';
import { parseArn } from '../../kernel/aws/arn';
import type { Logger } from '../../kernel/log';
import { withSlackRetry } from '../../kernel/retry';
import { formatUtc } from '../../kernel/slack/format';
import type { SlackPort } from '../../kernel/slack/port';
import { reply } from '../../kernel/slack/text';
import type { AlarmNotification, AlarmState } from '../alarms/alarm';
import { formatAlarm } from '../alarms/format';
import type { IncidentStore, MuteStore } from '../alarms/incident';
import { applyTransition, incidentView, openedIncident, type Change } from '../alarms/rules';
import type { AlarmInfo, AlarmsPort } from './ports';
import { redraw } from './redraw';

export interface CatchUpDeps {
  incidents: IncidentStore;
  mutes: MuteStore;
  alarms: AlarmsPort;
  slack: SlackPort;
  /** Where an alarm that fired unseen is posted when it has no incident yet (optional). */
  defaultChannel?: string;
  now: () => Date;
  deadline: () => number;
  log: Logger;
}

const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

/** The alarm as CloudWatch shows it now, drawn like a notification (from the last one when there is one). */
function alarmFromLive(live: AlarmInfo, previous: AlarmNotification | undefined, state: AlarmState): AlarmNotification {
  const arn = parseArn(live.arn);
  const base: AlarmNotification = previous ?? {
    kind: 'unspecified',
    alarmName: live.name,
    alarmArn: live.arn,
    accountId: arn?.accountId ?? 'unknown',
    partition: arn?.partition ?? 'aws',
    region: live.region,
    state,
    reason: '',
  };
  return {
    ...base,
    state,
    reason: live.reason,
    ...(live.since ? { stateChangeTime: live.since } : {}),
    ...(previous ? { previousState: previous.state } : {}),
  };
}

/**
 * After a mute ends, brings Slack up to date with what CloudWatch says now: with the alarm's
 * actions off Lamplighter heard nothing, and while muted a new ALARM was only noted quietly.
 * Posts a message for an alarm that is firing with nothing open; otherwise redraws the incident.
 * The incident rules are the notifier's: a live change is an `update` of the open incident.
 */
export async function catchUp(key: string, name: string, deps: CatchUpDeps): Promise<void> {
  const live = await liveAlarm(key, name, deps.alarms);
  const state = STATES.find((s) => s === live?.state);
  if (!live || !state) return;
  const now = deps.now();
  const incident = await deps.incidents.get(key);
  const change: Change = { alarm: alarmFromLive(live, incident?.alarm, state), at: live.since ?? now };
  const budget = { deadline: deps.deadline };
  if (!incident || (incident.state === 'OK' && incident.ts !== '')) {
    if (state !== 'ALARM') return;
    const channel = incident?.channel ?? deps.defaultChannel;
    if (!channel) {
      deps.log.warn('an alarm fired while muted, and there is no channel to post it in', { alarm: name });
      return;
    }
    const opened = { ...openedIncident(key, change, incident), alarmName: name };
    const message = formatAlarm({ alarm: change.alarm, incident: incidentView(opened) });
    const posted = await withSlackRetry(() => deps.slack.postMessage(channel, message), budget);
    await deps.incidents.put({ ...opened, channel: posted.channel, ts: posted.ts });
    return;
  }
  if (incident.state === state) return;
  const updated = applyTransition(incident, change, 'update');
  await deps.incidents.put(updated);
  const since = live.since ? ` since ${formatUtc(live.since)}` : '';
  await redraw(
    updated,
    reply(`:arrows_counterclockwise: Caught up after the mute: CloudWatch says ${state}${since}.`),
    deps,
  );
}
