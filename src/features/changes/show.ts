import { audit } from '../../kernel/access/audit';
import { guarded, type GuardDeps } from '../../kernel/access/guard';
import type { Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { reply } from '../../kernel/slack/text';
import type { IncidentStore } from '../alarms/incident';
import type { TrailPort } from '../trail/port';
import { whatChanged } from './changes';
import { formatChanges } from './format';
import { changeTargets } from './targets';

export interface ShowChangesDeps extends GuardDeps {
  incidents: IncidentStore;
  trail: TrailPort;
  /** The worker's own region, for alarms that do not say theirs. */
  region: string;
}

/** The lookups' budget on request: the worker answers through response_url, well within its time. */
const ON_REQUEST_MS = 6000;

/**
 * "What changed" on an alarm message: the same lookup the notifier makes when the incident
 * opens, on request, answered to the person who asked (a viewer's right, like `/trail`).
 */
export async function showChanges(alarmKey: string, who: Who, deps: ShowChangesDeps): Promise<SlackMessage> {
  const incident = await deps.incidents.get(alarmKey).catch(() => undefined);
  const target = incident?.alarmName ?? alarmKey;
  // The incident's own channel: a channel's grant covers only its own incidents ('' is none).
  return guarded(
    deps,
    who,
    { action: 'trail', audited: 'what-changed', target, channel: incident?.channel ?? '' },
    async () => {
      if (!incident?.alarm)
        return reply(
          ':mag: Lamplighter no longer has this incident on record; try `/trail NAME` with the resource’s name.',
        );
      const region = incident.alarm.region ?? deps.region;
      const before = incident.openedAt;
      const accountId = incident.alarm.accountId;
      const trail: TrailPort = { lookup: (params) => deps.trail.lookup({ ...params, region, accountId }) };
      const found = await whatChanged(
        changeTargets(incident.alarm),
        before,
        trail,
        { deadline: Date.now() + ON_REQUEST_MS },
        deps.log,
      );
      await audit(deps, who, 'what-changed', target, `${found.changes.length} changes`, undefined, {
        accountId,
        region,
      });
      return formatChanges(found, before, region, true)!;
    },
  );
}
