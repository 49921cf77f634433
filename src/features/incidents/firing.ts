import { audit, type Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import type { IncidentDeps } from './deps';
import { formatFiring } from './messages';
import { HERE, type Resolved } from '../../kernel/where';

/** `/alarms [FILTER]`: what is in ALARM now, with who acknowledged or muted it. */
export async function firing(
  filter: string,
  who: Who,
  deps: IncidentDeps,
  where: Resolved = HERE,
): Promise<SlackMessage> {
  const all = await deps.alarms.firing(where.place);
  const matched = all.filter((a) => a.name.toLowerCase().includes(filter.toLowerCase()));
  const now = deps.now();
  const list = [];
  for (const alarm of matched) {
    const [incident, m] = await Promise.all([deps.incidents.get(alarm.arn), deps.mutes.getMute(alarm.arn)]);
    list.push({
      alarm,
      ackBy: incident?.state === 'ALARM' ? incident.ackBy : undefined,
      mutedUntil: m && m.until > now ? m.until : undefined,
    });
  }
  await audit(deps, who, 'alarms', filter || '*', `${list.length} listed`, undefined, where.place);
  return formatFiring(list, filter, deps.partition, where);
}
