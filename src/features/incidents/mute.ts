import { audit, type Who } from '../../kernel/access/audit';
import { placeOfArn } from '../../kernel/aws/place';
import { ActionError } from '../../kernel/errors';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import type { IncidentDeps } from './deps';
import { muteThreadNote } from './messages';
import { redraw, type RedrawOptions } from './redraw';
import { liveAlarm, unknownAlarm, type ResolvedAlarm } from './resolve';
import { HERE, type Resolved } from '../../kernel/where';

/**
 * Mute (menu or `/mute ALARM 4h [--actions]`): no new Slack posts until then; with `--actions`,
 * the alarm's CloudWatch actions are off too, and the sweeper turns them back on.
 */
export async function mute(
  target: string,
  resolved: ResolvedAlarm | undefined,
  durationMs: number,
  actions: boolean,
  who: Who,
  deps: IncidentDeps,
  where: Resolved = HERE,
  opts: RedrawOptions = {},
): Promise<SlackMessage> {
  // Muting needs CloudWatch's view (are its actions on?), read where the alarm lives: a member
  // account's through its read role. A button's ARN has not asked yet.
  let seen = resolved?.info;
  let unreachable: ActionError | undefined;
  if (resolved && !seen) {
    try {
      seen = await liveAlarm(resolved.key, resolved.name, deps.alarms);
    } catch (err) {
      if (!(err instanceof ActionError && err.code === 'access_denied')) throw err;
      unreachable = err;
    }
  }
  // An alarm named by its ARN (its message's button) that CloudWatch does not show where it
  // lives: muted in Slack, but its actions are not Lamplighter's to change from here.
  const elsewhere = !seen && resolved && resolved.key.startsWith('arn:') ? resolved : undefined;
  const at = placeOfArn(elsewhere?.key);
  if (elsewhere && actions) {
    await audit(deps, who, 'mute-actions', elsewhere.name, 'refused', 'not reachable there', at);
    const why = unreachable
      ? unreachable.message
      : `CloudWatch does not show ${inlineCode(elsewhere.name)} in account ${inlineCode(at.accountId ?? '?')}, ${inlineCode(at.region ?? deps.region)}, so Lamplighter cannot turn off its actions there.`;
    return reply(`:warning: ${why} It can still be muted in Slack: the Mute menu, or \`/mute\` without \`--actions\`.`);
  }
  const alarm =
    seen ??
    (elsewhere && {
      arn: elsewhere.key,
      name: elsewhere.name,
      region: at.region ?? deps.region,
      actionsEnabled: false,
    });
  if (!alarm) {
    await audit(deps, who, 'mute', target, 'unknown alarm', undefined, where.place);
    return reply(unknownAlarm(target, where, deps.region));
  }
  const place = placeOfArn(alarm.arn);
  const until = new Date(deps.now().getTime() + durationMs);
  const previous = await deps.mutes.getMute(alarm.arn);
  // Only actions that are on now are ours to turn off (and later back on).
  const disabling = actions && alarm.actionsEnabled;
  const keepsDisabled = Boolean(previous?.actionsDisabled);
  // Record the mute before touching CloudWatch: if disabling succeeds and we then failed, the
  // sweeper would never know to turn the actions back on.
  const record = {
    alarmKey: alarm.arn,
    alarmName: alarm.name,
    region: alarm.region,
    until,
    by: who.user,
    actionsDisabled: disabling || keepsDisabled,
  };
  await deps.mutes.putMute(record);
  if (disabling) {
    try {
      await deps.alarms.disableActions(alarm.name, place);
    } catch (err) {
      await deps.mutes.putMute({ ...record, actionsDisabled: keepsDisabled });
      throw err;
    }
  }
  if (actions && !alarm.actionsEnabled && !keepsDisabled) {
    await audit(deps, who, 'mute-actions', alarm.name, 'muted', 'actions were already off; left as they were', place);
  }
  await audit(deps, who, actions ? 'mute-actions' : 'mute', alarm.name, 'muted', `until ${until.toISOString()}`, place);
  const incident = await deps.incidents.get(alarm.arn);
  if (incident) await redraw(incident, muteThreadNote(who.user, until, actions), deps, opts);
  const actionsNote =
    disabling || keepsDisabled
      ? ', and its CloudWatch actions are disabled until then'
      : actions
        ? '; its CloudWatch actions were already off and stay as they were'
        : '';
  return reply(
    `:mute: ${inlineCode(alarm.name)} is muted until ${formatUtc(until)}${actionsNote}. ${inlineCode(`/unmute ${alarm.name}`)} ends it sooner.`,
  );
}
