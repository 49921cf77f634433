import { audit, type Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import { placeOfArn } from '../../kernel/aws/place';
import { HERE, whereText, type Resolved } from '../../kernel/where';
import { catchUp } from './catch-up';
import type { IncidentDeps } from './deps';
import { unmuteThreadNote } from './messages';
import { redraw } from './redraw';
import type { ResolvedAlarm } from './resolve';
import type { Mute } from '../alarms/incident';

/** The mute `/unmute` ends, found before the role check: the grant is checked against its alarm. */
export type MuteToEnd =
  | { kind: 'found'; alarm: ResolvedAlarm; mute: Mute }
  | { kind: 'none'; alarm?: ResolvedAlarm }
  | { kind: 'ambiguous'; message: string };

/**
 * Which mute `/unmute ALARM` ends: the resolved alarm's; or, for a bare name with no mute there,
 * the one mute of that name in another account or region (a member account's alarm muted from
 * its message); two such mutes ask for `--account`. The caller checks the role against the
 * alarm found here (its incident's channel), not against the one the name first resolved to.
 */
export async function muteToEnd(
  target: string,
  resolved: ResolvedAlarm | undefined,
  deps: Pick<IncidentDeps, 'mutes' | 'now'>,
  where: Resolved = HERE,
): Promise<MuteToEnd> {
  const existing = resolved ? await deps.mutes.getMute(resolved.key) : undefined;
  if (resolved && existing) return { kind: 'found', alarm: resolved, mute: existing };
  if (where.label || target.startsWith('arn:')) return { kind: 'none', ...(resolved ? { alarm: resolved } : {}) };
  const named = (await deps.mutes.listMutes()).filter((m) => m.alarmName === target && m.until > deps.now());
  if (named.length > 1) {
    const places = named.map((m) => inlineCode(placeText(m.alarmKey))).join(', ');
    return {
      kind: 'ambiguous',
      message: `${inlineCode(target)} is muted in ${places}: say which with \`--account\` (and \`--region\`).`,
    };
  }
  const [one] = named;
  if (one) return { kind: 'found', alarm: { key: one.alarmKey, name: one.alarmName }, mute: one };
  return { kind: 'none', ...(resolved ? { alarm: resolved } : {}) };
}

/** `/unmute ALARM`: ends the mute `muteToEnd` found, re-enables actions it disabled, and catches Slack up. */
export async function unmute(
  target: string,
  found: MuteToEnd,
  who: Who,
  deps: IncidentDeps & { defaultChannel?: string },
  where: Resolved = HERE,
): Promise<SlackMessage> {
  if (found.kind === 'ambiguous') return reply(found.message);
  const alarm = found.alarm;
  const existing = found.kind === 'found' ? found.mute : undefined;
  if (!alarm || !existing) {
    await audit(deps, who, 'unmute', target, 'not muted', undefined, where.place);
    return reply(`${inlineCode(target)} is not muted${whereText(where)}.`);
  }
  if (existing.actionsDisabled) await deps.alarms.enableActions(existing.alarmName, placeOfArn(existing.alarmKey));
  await deps.mutes.deleteMute(alarm.key);
  await audit(deps, who, 'unmute', alarm.name, 'unmuted', undefined, placeOfArn(alarm.key));
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

/** "222222222222, eu-west-1": where an alarm lives, from its ARN. */
function placeText(arn: string): string {
  const { accountId, region } = placeOfArn(arn);
  return [accountId, region].filter(Boolean).join(', ') || arn;
}
