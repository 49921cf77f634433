import type { AlarmNotification } from './alarm';
import type { IncidentView } from './format';
import type { Incident, IncidentPlan, Mute } from './incident';
import type { LogExcerpt } from './log-excerpt';

/**
 * The incident rules, in one pure module: what a state change does to an incident and its one
 * live Slack message. The notifier and the catch-up after a mute both apply them.
 */
export type Plan = IncidentPlan | 'quiet';

/**
 * What a state change does to the incident's message:
 * - `open` a new message: an ALARM with no incident in ALARM (a new message notifies people; an
 *   update does not), or INSUFFICIENT_DATA when nothing is open (the metric stopped reporting);
 * - `update` it in place with a thread reply: any change to an open incident;
 * - `reopen` it: an ALARM soon after it cleared (flapping stays in its thread), or after a grey
 *   spell of an acknowledged incident;
 * - `late`: a change older than the one shown, only noted in the thread;
 * - `quiet`: an OK with nothing open (e.g. a new alarm settling), which posts nothing.
 * While the alarm is muted nothing opens a new message: the change goes quietly to the existing
 * incident's thread (`reopen`), or nowhere when there is none (`quiet`).
 */
export function planTransition(
  incident: Incident | undefined,
  alarm: AlarmNotification,
  now: Date,
  flapWindowMs: number,
  muted = false,
): Plan {
  const plan = unmutedPlan(incident, alarm, now, flapWindowMs);
  if (muted && plan === 'open') return incident ? 'reopen' : 'quiet';
  return plan;
}

function unmutedPlan(incident: Incident | undefined, alarm: AlarmNotification, now: Date, flapWindowMs: number): Plan {
  if (!incident) return alarm.state === 'OK' ? 'quiet' : 'open';
  if (alarm.stateChangeTime && incident.stateChangedAt && alarm.stateChangeTime < incident.stateChangedAt)
    return 'late';
  const quietSince = incident.resolvedAt ?? incident.stateChangedAt;
  const recent = quietSince !== undefined && now.getTime() - quietSince.getTime() <= flapWindowMs;
  switch (alarm.state) {
    case 'ALARM':
      if (incident.state === 'ALARM') return 'update';
      // Acknowledged and not yet resolved: still the same incident, however long the grey spell.
      if (incident.ackBy && incident.state !== 'OK') return 'reopen';
      return incident.wasAlarming && recent ? 'reopen' : 'open';
    case 'INSUFFICIENT_DATA':
      return incident.state === 'OK' && !recent ? 'open' : 'update';
    case 'OK':
      return 'update';
  }
}

/** A state change as the rules see it: the alarm now, and when it changed. */
export interface Change {
  alarm: AlarmNotification;
  at: Date;
  /** Log lines read for this change (ALARM only). */
  logs?: LogExcerpt;
}

/** The incident after an `update` or `reopen` (a version on from the one read). */
export function applyTransition(incident: Incident, change: Change, plan: 'update' | 'reopen'): Incident {
  const { alarm, at } = change;
  const ok = alarm.state === 'OK';
  return {
    ...incident,
    state: alarm.state,
    stateChangedAt: at,
    transitions: incident.transitions + 1,
    flaps: incident.flaps + (plan === 'reopen' ? 1 : 0),
    wasAlarming: incident.wasAlarming || alarm.state === 'ALARM',
    resolvedAt: ok ? at : undefined,
    // OK closes the incident; its resolved message still says who acknowledged it. Leaving OK, the
    // acknowledgement is of an episode that is over: it goes.
    ackBy: incident.state === 'OK' && !ok ? undefined : incident.ackBy,
    ackAt: incident.state === 'OK' && !ok ? undefined : incident.ackAt,
    // A closed or re-opened incident may be escalated again.
    escalatedAt: ok || plan === 'reopen' ? undefined : incident.escalatedAt,
    // Tags are read when the incident opens; later notifications carry none, so they are kept.
    alarm: alarm.tags || !incident.alarm?.tags ? alarm : { ...alarm, tags: incident.alarm.tags },
    logs: alarm.state === 'ALARM' ? (change.logs ?? incident.logs) : incident.logs,
    version: incident.version + 1,
  };
}

/** A new incident for a change that opens one; `previous` is the closed incident it replaces, if any. */
export function openedIncident(key: string, change: Change, previous?: Incident): Omit<Incident, 'channel' | 'ts'> {
  const { alarm, at } = change;
  return {
    key,
    accountId: alarm.accountId,
    region: alarm.region,
    alarmName: alarm.alarmName,
    state: alarm.state,
    stateChangedAt: at,
    openedAt: at,
    resolvedAt: alarm.state === 'OK' ? at : undefined,
    transitions: 1,
    flaps: 0,
    wasAlarming: alarm.state === 'ALARM',
    logs: change.logs,
    alarm,
    version: (previous?.version ?? 0) + 1,
  };
}

/** Whether a mute is in force now. */
export const isMuted = (mute: Mute | undefined, now: Date): mute is Mute => mute !== undefined && mute.until > now;

/** The thread note that says why a change did not notify: muted, or flapping. */
export function transitionNote(plan: Plan, updated: Incident, mute: Mute | undefined, now: Date): string | undefined {
  if (isMuted(mute, now)) return `muted until ${mute.until.toISOString().slice(11, 16)} UTC`;
  if (plan === 'reopen') return `re-opened ${updated.flaps} time${updated.flaps === 1 ? '' : 's'}: flapping`;
  return undefined;
}

/** What the message shows about the incident: its age, flaps, acknowledgement and mute. */
export function incidentView(
  incident: Omit<Incident, 'channel' | 'ts'>,
  mute?: Mute,
  now: Date = new Date(),
): IncidentView {
  return {
    openedAt: incident.openedAt,
    transitions: incident.transitions,
    flaps: incident.flaps,
    wasAlarming: incident.wasAlarming,
    ...(incident.ackBy ? { ackBy: incident.ackBy, ackAt: incident.ackAt } : {}),
    ...(isMuted(mute, now) ? { mutedUntil: mute.until, mutedBy: mute.by } : {}),
  };
}
