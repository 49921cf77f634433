import { placeOfArn } from '../../kernel/aws/place';
import { audit, type Who } from '../../kernel/access/audit';
import { formatTimeOfDay, inlineCode, mentionUser } from '../../kernel/slack/format';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { reply } from '../../kernel/slack/text';
import type { IncidentDeps } from './deps';
import { ackThreadNote } from './messages';
import { redraw } from './redraw';
import { unknownAlarm, type ResolvedAlarm } from './resolve';
import { HERE, type Resolved } from '../../kernel/where';

/** Acknowledge (button or `/ack`): one wins, by a conditional write; the message says who. */
export async function acknowledge(
  target: string,
  alarm: ResolvedAlarm | undefined,
  who: Who,
  deps: IncidentDeps,
  where: Resolved = HERE,
): Promise<SlackMessage> {
  if (!alarm) {
    await audit(deps, who, 'ack', target, 'unknown alarm', undefined, where.place);
    return reply(unknownAlarm(target, where, deps.region));
  }
  const at = deps.now();
  const result = await deps.incidents.acknowledge(alarm.key, who.user, at);
  await audit(deps, who, 'ack', alarm.name, result.status, undefined, placeOfArn(alarm.key));
  const name = inlineCode(alarm.name);
  switch (result.status) {
    case 'acknowledged':
      await redraw(result.incident, ackThreadNote(who.user, at), deps);
      return reply(`:white_check_mark: You acknowledged ${name}. Repeats stay in its thread; OK closes it.`);
    case 'already':
      return reply(`${name} was already acknowledged by ${mentionUser(result.by)} at ${formatTimeOfDay(result.at)}.`);
    case 'resolved':
      return reply(`${name} has no open incident: it is resolved.`);
    case 'unknown':
      return reply(`Lamplighter has no incident for ${name}: it has not posted an ALARM for it.`);
  }
}
