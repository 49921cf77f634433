import { audit, type Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import { catchUp } from './catch-up';
import type { IncidentDeps } from './deps';
import { unmuteThreadNote } from './messages';
import { redraw } from './redraw';
import type { ResolvedAlarm } from './resolve';

/** `/unmute ALARM`: ends a mute now, re-enables actions it disabled, and catches Slack up. */
export async function unmute(
  target: string,
  alarm: ResolvedAlarm | undefined,
  who: Who,
  deps: IncidentDeps & { defaultChannel?: string },
): Promise<SlackMessage> {
  const existing = alarm ? await deps.mutes.getMute(alarm.key) : undefined;
  if (!alarm || !existing) {
    await audit(deps, who, 'unmute', target, 'not muted');
    return reply(`${inlineCode(target)} is not muted.`);
  }
  if (existing.actionsDisabled) await deps.alarms.enableActions(existing.alarmName);
  await deps.mutes.deleteMute(alarm.key);
  await audit(deps, who, 'unmute', alarm.name, 'unmuted');
  const incident = await deps.incidents.get(alarm.key);
  if (incident) await redraw(incident, unmuteThreadNote(who.user, existing.actionsDisabled), deps);
  try {
    await catchUp(alarm.key, alarm.name, deps);
  } catch (err) {
    deps.log.warn('could not catch up with the alarm after unmuting', { alarm: alarm.name, error: err });
  }
  const actionsNote = existing.actionsDisabled ? '; its CloudWatch actions are enabled again' : '';
  return reply(`:loud_sound: ${inlineCode(alarm.name)} is no longer muted${actionsNote}.`);
}
