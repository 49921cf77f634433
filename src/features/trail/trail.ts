import { audit, type AuditStore, type Who } from '../../kernel/access/audit';
import type { Logger } from '../../kernel/log';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { HERE, type Resolved } from '../../kernel/where';
import type { TrailCommand } from './command';
import { formatTrail } from './format';
import type { TrailPort } from './port';

export interface TrailDeps {
  trail: TrailPort;
  audit: AuditStore;
  region: string;
  now: () => Date;
  log: Logger;
}

/** `/trail RESOURCE|USER`: recent write calls from CloudTrail, newest first. */
export async function trail(
  cmd: TrailCommand,
  who: Who,
  deps: TrailDeps,
  where: Resolved = HERE,
): Promise<SlackMessage> {
  const { accountId, region = deps.region } = where.place;
  const lookup = (attribute: 'ResourceName' | 'Username') =>
    deps.trail.lookup({
      attribute,
      value: cmd.target,
      start: cmd.start,
      end: cmd.end,
      max: 100,
      region,
      ...(accountId ? { accountId } : {}),
    });
  let by = cmd.by;
  let events = (await lookup(by)).filter((e) => !e.readOnly);
  if (events.length === 0 && by === 'ResourceName') {
    // "who did X" may name a user rather than a resource.
    by = 'Username';
    events = (await lookup(by)).filter((e) => !e.readOnly);
  }
  events.sort((a, b) => b.time.getTime() - a.time.getTime());
  await audit(deps, who, 'trail', cmd.target, `${events.length} events`, undefined, { ...where.place, region });
  const shownBy = by === 'Username' && cmd.by === 'ResourceName' && events.length ? 'Username' : cmd.by;
  const answer = formatTrail(cmd.target, shownBy, cmd.since, events, region, where.label);
  return accountId ? { ...answer, account: accountId } : answer;
}
