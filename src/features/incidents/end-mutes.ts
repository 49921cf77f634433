import { audit, type AuditStore } from '../../kernel/access/audit';
import { placeOfArn } from '../../kernel/aws/place';
import { catchUp, type CatchUpDeps } from './catch-up';
import { SWEEPER } from './escalate';
import { unmuteThreadNote } from './messages';
import { redraw } from './redraw';

/**
 * The sweeper's part: ends mutes whose time is up and turns their alarms' CloudWatch actions
 * back on, so nothing stays silenced by accident. A failure is logged and retried on the next
 * pass (the mute is only deleted once its actions are back); then Slack catches up.
 */
export async function endExpiredMutes(
  deps: CatchUpDeps & { audit: AuditStore },
): Promise<{ ended: number; failures: number }> {
  const now = deps.now();
  let ended = 0;
  let failures = 0;
  for (const mute of await deps.mutes.listMutes()) {
    if (mute.until > now) continue;
    try {
      // Re-read first: a /mute that landed since the list must not be undone.
      const current = await deps.mutes.getMute(mute.alarmKey);
      if (!current || current.until.getTime() !== mute.until.getTime()) continue;
      // Actions back on before the record goes: a failure here leaves the mute for the next pass.
      const at = placeOfArn(mute.alarmKey);
      if (mute.actionsDisabled) await deps.alarms.enableActions(mute.alarmName, at);
      if (!(await deps.mutes.deleteMute(mute.alarmKey, mute.until))) {
        // A new mute arrived in between; if it wants the actions off, keep them off.
        const newer = await deps.mutes.getMute(mute.alarmKey);
        if (newer?.actionsDisabled && mute.actionsDisabled) await deps.alarms.disableActions(mute.alarmName, at);
        continue;
      }
      ended++;
      const detail = mute.actionsDisabled ? 'actions re-enabled' : undefined;
      await audit(deps, SWEEPER, 'unmute', mute.alarmName, 'expired', detail, at);
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
  return { ended, failures };
}
