import type { Stores } from '../adapters/aws/dynamo';
import { endExpiredMutes } from '../features/incidents/end-mutes';
import { escalate } from '../features/incidents/escalate';
import type { AlarmsPort } from '../features/incidents/ports';
import type { Ec2Port } from '../features/snapshots/port';
import { followSnapshots } from '../features/snapshots/follow';
import type { ResourceChecker } from '../features/spend/ports';
import { sendDueReminders } from '../features/spend/reminders';
import type { Logger } from '../kernel/log';
import type { SlackPort } from '../kernel/slack/port';

export interface SweeperDeps {
  stores: Pick<Stores, 'incidents' | 'mutes' | 'audit'> & Partial<Pick<Stores, 'snapshots' | 'reminders'>>;
  /** Escalate an alarm nobody acknowledged after this long; 0 turns escalation off. */
  escalateAfterMs: number;
  /** The on-call user group mentioned when escalating (S0123…); none: no mention. */
  oncallGroupId?: string;
  /** Where an alarm that fired during a mute is posted when it has no incident yet. */
  defaultChannel?: string;
  alarms: AlarmsPort;
  /** Absent: snapshot progress is not followed (nothing to follow). */
  ec2?: Ec2Port;
  region?: string;
  /** Absent: reminders are not sent. */
  resources?: ResourceChecker;
  slack: SlackPort;
  now: () => Date;
  deadline: () => number;
  log: Logger;
}

export interface SweepResult {
  mutesEnded: number;
  escalated: number;
  snapshotsFinished: number;
  remindersSent: number;
  failures: number;
}

/**
 * The scheduled pass, each part its feature's: end expired mutes (re-enabling alarm actions),
 * escalate unacknowledged alarms, follow snapshots, send due reminders. One failure does not
 * stop the others; it is logged and retried on the next pass.
 */
export async function sweep(deps: SweeperDeps): Promise<SweepResult> {
  const { stores } = deps;
  const common = {
    incidents: stores.incidents,
    mutes: stores.mutes,
    audit: stores.audit,
    alarms: deps.alarms,
    slack: deps.slack,
    ...(deps.defaultChannel ? { defaultChannel: deps.defaultChannel } : {}),
    now: deps.now,
    deadline: deps.deadline,
    log: deps.log,
  };
  const mutes = await endExpiredMutes(common);
  const escalation =
    deps.escalateAfterMs > 0
      ? await escalate({
          ...common,
          escalateAfterMs: deps.escalateAfterMs,
          ...(deps.oncallGroupId ? { oncallGroupId: deps.oncallGroupId } : {}),
        })
      : { escalated: 0, failures: 0 };
  const snapshotsFinished =
    stores.snapshots && deps.ec2
      ? await followSnapshots({
          ...common,
          snapshots: stores.snapshots,
          ec2: deps.ec2,
          region: deps.region ?? 'us-east-1',
        })
      : 0;
  const remindersSent =
    stores.reminders && deps.resources
      ? await sendDueReminders({ ...common, reminders: stores.reminders, resources: deps.resources })
      : 0;
  return {
    mutesEnded: mutes.ended,
    escalated: escalation.escalated,
    snapshotsFinished,
    remindersSent,
    failures: mutes.failures + escalation.failures,
  };
}
