import { replyOnce } from '../../kernel/delivery/post-once';
import { packTs, type Step } from '../../kernel/delivery/run-once';
import type { Logger } from '../../kernel/log';
import type { PostedMessage, SlackPort } from '../../kernel/slack/port';
import type { AlarmNotification } from '../alarms/alarm';
import type { TrailPort } from '../trail/port';
import { whatChanged } from './changes';
import { formatChanges } from './format';
import { changeTargets } from './targets';

/** The metadata of an incident's "what changed" reply: a retry finds it instead of posting it twice. */
export const CHANGES_EVENT = 'lamplighter_changes';

export interface ChangesDeps {
  trail: TrailPort;
  /** The lookups' whole budget: past it, what was found is posted, marked as maybe short. */
  timeoutMs: number;
}

/**
 * After an incident's first post, its thread says what changed on the alarm's resources in the
 * hour before it fired, when something did (nothing found stays quiet). The alert is already
 * posted; this is bounded in time and calls, and never throws: a failure is logged.
 */
export async function noteChanges(
  alarm: AlarmNotification,
  incident: { key: string; openedAt: Date },
  posted: PostedMessage,
  deps: { changes: ChangesDeps; slack: SlackPort; log: Logger },
  step: Step,
  ctx: { now: Date; unsure: boolean },
): Promise<void> {
  const targets = changeTargets(alarm);
  if (!targets.length || !alarm.region) return;
  const before = alarm.stateChangeTime ?? ctx.now;
  let reply: (() => Promise<PostedMessage>) | undefined;
  try {
    await step('changes', async () => {
      if (!reply) {
        const trail: TrailPort = {
          lookup: (params) =>
            deps.changes.trail.lookup({ ...params, region: alarm.region, accountId: alarm.accountId }),
        };
        const found = await whatChanged(
          targets,
          before,
          trail,
          { deadline: Date.now() + deps.changes.timeoutMs },
          deps.log,
        );
        const message = formatChanges(found, before, alarm.region, false);
        if (!message) return 'none';
        const metadata = {
          event_type: CHANGES_EVENT,
          event_payload: { incident: incident.key, opened: incident.openedAt.toISOString() },
        };
        reply = replyOnce(deps.slack, posted, message, metadata, { unsure: ctx.unsure });
      }
      return packTs(await reply());
    });
  } catch (err) {
    deps.log.warn('could not post what changed before the alarm', { alarm: alarm.alarmName, error: err });
  }
}
