import type { Logger } from '../log';
import { unmuteThreadNote } from '../messages/action-messages';
import type { SlackPort } from '../slack/port';
import type { AuditStore, IncidentStore, MuteStore } from '../state/store';
import type { AlarmsPort } from './aws-ports';
import { audit, redraw } from './incident-actions';

export interface SweeperDeps {
  mutes: MuteStore;
  incidents: IncidentStore;
  audit: AuditStore;
  alarms: AlarmsPort;
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
export async function sweep(deps: SweeperDeps): Promise<{ mutesEnded: number; failures: number }> {
  const now = deps.now();
  let mutesEnded = 0;
  let failures = 0;
  for (const mute of await deps.mutes.listMutes()) {
    if (mute.until > now) continue;
    try {
      if (mute.actionsDisabled) await deps.alarms.enableActions(mute.alarmName);
      await deps.mutes.deleteMute(mute.alarmKey);
      mutesEnded++;
      await audit(deps, SWEEPER, 'unmute', mute.alarmName, 'expired', mute.actionsDisabled ? 'actions re-enabled' : undefined);
    } catch (err) {
      failures++;
      deps.log.error('could not end a mute; the next pass retries', { alarm: mute.alarmName, error: err });
      continue;
    }
    try {
      const incident = await deps.incidents.get(mute.alarmKey);
      if (incident) await redraw(incident, unmuteThreadNote(undefined, mute.actionsDisabled), deps);
    } catch (err) {
      // The mute has ended; only the note in Slack is missing (e.g. the message was deleted).
      deps.log.warn('mute ended, but the incident message could not be updated', { alarm: mute.alarmName, error: err });
    }
  }
  return { mutesEnded, failures };
}
