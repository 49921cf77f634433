import { noteOnce } from '../../kernel/delivery/post-once';
import { placeOfArn } from '../../kernel/aws/place';
import { liveAlarm } from './resolve';
import { audit, type AuditStore } from '../../kernel/access/audit';
import type { IncidentActions } from './ports';
import { catchUp, type CatchUpDeps } from './catch-up';
import { escalationNote } from './messages';

/** The sweeper, as the audit trail names it. */
export const SWEEPER = { user: 'lamplighter', channel: 'sweeper' };

export interface EscalateDeps extends CatchUpDeps {
  incidents: CatchUpDeps['incidents'] & Pick<IncidentActions, 'listUnacknowledged' | 'markEscalated'>;
  audit: AuditStore;
  /** Escalate an alarm nobody acknowledged after this long. */
  escalateAfterMs: number;
  /** The on-call user group mentioned when escalating (S0123…); none: no mention. */
  oncallGroupId?: string;
}

/** An alarm in ALARM that nobody acknowledged in time goes back to its thread, mentioning on-call. */
export async function escalate(deps: EscalateDeps): Promise<{ escalated: number; failures: number }> {
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
      const live = stored ? await liveAlarm(waiting.key, stored.alarmName, deps.alarms) : undefined;
      if (stored && live && live.state !== 'ALARM') {
        await catchUp(waiting.key, stored.alarmName, deps);
        continue;
      }
      const incident = await deps.incidents.markEscalated(waiting.key, now);
      if (!incident) continue;
      const minutes = Math.round((now.getTime() - waiting.since.getTime()) / 60_000);
      const message = escalationNote(incident.alarmName, minutes, deps.oncallGroupId);
      await noteOnce(
        deps.slack,
        { channel: incident.channel, ts: incident.ts },
        message,
        `escalate|${incident.key}|${incident.openedAt.toISOString()}`,
        { deadline: deps.deadline },
      );
      await audit(
        deps,
        SWEEPER,
        'escalate',
        incident.alarmName,
        'escalated',
        `${minutes} min unacknowledged`,
        placeOfArn(incident.key),
      );
      escalated++;
    } catch (err) {
      failures++;
      deps.log.error('could not escalate an incident; the next pass retries', { key: waiting.key, error: err });
    }
  }
  return { escalated, failures };
}
