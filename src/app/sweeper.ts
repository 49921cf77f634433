import type { Logger } from '../kernel/log';
import { unmuteThreadNote } from '../features/incidents/messages';
import type { SlackPort } from '../kernel/slack/port';
import type {
  AuditStore,
  IncidentActions,
  IncidentStore,
  MuteStore,
  ReminderStore,
  SnapshotJobStore,
} from '../kernel/state';
import { escalationNote } from '../features/incidents/messages';
import { withSlackRetry } from '../kernel/retry';
import type { AlarmsPort, Ec2Port, ResourceChecker } from '../features/incidents/aws-ports';
import { audit, catchUp, followSnapshots, redraw, sendDueReminders } from '../features/incidents/incident-actions';

export interface SweeperDeps {
  mutes: MuteStore;
  incidents: IncidentStore & Pick<IncidentActions, 'listUnacknowledged' | 'markEscalated'>;
  /** Escalate an alarm nobody acknowledged after this long; 0 turns escalation off. */
  escalateAfterMs: number;
  /** The on-call user group mentioned when escalating (S0123…); none: no mention. */
  oncallGroupId?: string;
  /** Where an alarm that fired during a mute is posted when it has no incident yet. */
  defaultChannel?: string;
  audit: AuditStore;
  alarms: AlarmsPort;
  /** Absent: snapshot progress is not followed (nothing to follow). */
  snapshots?: SnapshotJobStore;
  ec2?: Ec2Port;
  region?: string;
  /** Absent: reminders are not sent. */
  reminders?: ReminderStore;
  resources?: ResourceChecker;
  slack: SlackPort;
  now: () => Date;
  deadline: () => number;
  log: Logger;
}

const SWEEPER = { user: 'lamplighter', channel: 'sweeper' };

/**
 * The scheduled pass: ends mutes whose time is up and turns their alarms' CloudWatch actions
 * back on, so nothing stays silenced by accident. One failure does not stop the others; it is
 * logged and retried on the next pass (the mute is only deleted once its actions are back).
 */
export async function sweep(deps: SweeperDeps): Promise<{
  mutesEnded: number;
  escalated: number;
  snapshotsFinished: number;
  remindersSent: number;
  failures: number;
}> {
  const now = deps.now();
  let mutesEnded = 0;
  let failures = 0;
  for (const mute of await deps.mutes.listMutes()) {
    if (mute.until > now) continue;
    try {
      // Re-read first: a /mute that landed since the list must not be undone.
      const current = await deps.mutes.getMute(mute.alarmKey);
      if (!current || current.until.getTime() !== mute.until.getTime()) continue;
      // Actions back on before the record goes: a failure here leaves the mute for the next pass.
      if (mute.actionsDisabled) await deps.alarms.enableActions(mute.alarmName);
      if (!(await deps.mutes.deleteMute(mute.alarmKey, mute.until))) {
        // A new mute arrived in between; if it wants the actions off, keep them off.
        const newer = await deps.mutes.getMute(mute.alarmKey);
        if (newer?.actionsDisabled && mute.actionsDisabled) await deps.alarms.disableActions(mute.alarmName);
        continue;
      }
      mutesEnded++;
      await audit(
        deps,
        SWEEPER,
        'unmute',
        mute.alarmName,
        'expired',
        mute.actionsDisabled ? 'actions re-enabled' : undefined,
      );
    } catch (err) {
      failures++;
      deps.log.error('could not end a mute; the next pass retries', { alarm: mute.alarmName, error: err });
      continue;
    }
    try {
      const incident = await deps.incidents.get(mute.alarmKey);
      if (incident) await redraw(incident, unmuteThreadNote(undefined, mute.actionsDisabled), deps);
      await catchUp(mute.alarmKey, mute.alarmName, deps);
    } catch (err) {
      // The mute has ended; only Slack is behind (e.g. the message was deleted).
      deps.log.warn('mute ended, but Slack could not be brought up to date', { alarm: mute.alarmName, error: err });
    }
  }
  const escalation = deps.escalateAfterMs > 0 ? await escalate(deps) : { escalated: 0, failures: 0 };
  const snapshotsFinished =
    deps.snapshots && deps.ec2
      ? await followSnapshots({
          snapshots: deps.snapshots,
          ec2: deps.ec2,
          slack: deps.slack,
          region: deps.region ?? 'us-east-1',
          deadline: deps.deadline,
          log: deps.log,
        })
      : 0;
  const remindersSent =
    deps.reminders && deps.resources
      ? await sendDueReminders({
          reminders: deps.reminders,
          resources: deps.resources,
          slack: deps.slack,
          deadline: deps.deadline,
          log: deps.log,
          now: deps.now,
        })
      : 0;
  return {
    mutesEnded,
    escalated: escalation.escalated,
    snapshotsFinished,
    remindersSent,
    failures: failures + escalation.failures,
  };
}

/** An alarm in ALARM that nobody acknowledged in time goes back to its thread, mentioning on-call. */
async function escalate(deps: SweeperDeps): Promise<{ escalated: number; failures: number }> {
  const now = deps.now();
  let escalated = 0;
  let failures = 0;
  for (const waiting of await deps.incidents.listUnacknowledged()) {
    if (now.getTime() - waiting.since.getTime() < deps.escalateAfterMs) continue;
    try {
      const mute = await deps.mutes.getMute(waiting.key);
      if (mute && mute.until > now) continue;
      // Escalate what is still firing: CloudWatch's word, not only the stored state.
      const stored = await deps.incidents.get(waiting.key);
      const live = stored ? await deps.alarms.find(stored.alarmName) : undefined;
      if (stored && live && live.state !== 'ALARM') {
        await catchUp(waiting.key, stored.alarmName, deps);
        continue;
      }
      const incident = await deps.incidents.markEscalated(waiting.key, now);
      if (!incident) continue;
      const minutes = Math.round((now.getTime() - waiting.since.getTime()) / 60_000);
      const message = escalationNote(incident.alarmName, minutes, deps.oncallGroupId);
      await withSlackRetry(() => deps.slack.postMessage(incident.channel, message, incident.ts), {
        deadline: deps.deadline,
      });
      await audit(deps, SWEEPER, 'escalate', incident.alarmName, 'escalated', `${minutes} min unacknowledged`);
      escalated++;
    } catch (err) {
      failures++;
      deps.log.error('could not escalate an incident; the next pass retries', { key: waiting.key, error: err });
    }
  }
  return { escalated, failures };
}
