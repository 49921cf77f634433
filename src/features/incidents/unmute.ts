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

/**
 * `/unmute ALARM`: ends a mute now, re-enables actions it disabled, and catches Slack up. A bare
 * name with no mute here finds the one mute of that name in another account or region (a
 * member account's alarm muted from its message); two such mutes ask for `--account`.
 */
export async function unmute(
  target: string,
  resolved: ResolvedAlarm | undefined,
  who: Who,
  deps: IncidentDeps & { defaultChannel?: string },
  where: Resolved = HERE,
): Promise<SlackMessage> {
  let alarm = resolved;
  let existing = alarm ? await deps.mutes.getMute(alarm.key) : undefined;
  if (!existing && !where.label && !target.startsWith('arn:')) {
    const named = (await deps.mutes.listMutes()).filter((m) => m.alarmName === target && m.until > deps.now());
    if (named.length > 1) {
      const places = named.map((m) => inlineCode(placeText(m.alarmKey))).join(', ');
      return reply(`${inlineCode(target)} is muted in ${places}: say which with \`--account\` (and \`--region\`).`);
    }
    if (named[0]) {
      existing = named[0];
      alarm = { key: existing.alarmKey, name: existing.alarmName };
    }
  }
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
