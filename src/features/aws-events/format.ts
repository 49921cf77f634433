import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, formatNumber } from '../../kernel/slack/format';
import type { AwsEvent } from './event';
import { formatGuardDutyFinding, guardDutyFindingFrom, guardDutyLevel } from './guardduty';
import { formatHealthEvent, healthEventFrom, healthStatus } from './health';

/** A formatted AWS event: its message, what it is about (its updates share it), and an update's line. */
export interface FormattedEvent {
  message: SlackMessage;
  /** The finding or event this is (a later update of it edits the same message). */
  key: string;
  /** The thread reply an update posts. */
  update: string;
}

const at = (value: string | null | undefined) => {
  const d = value ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? formatUtc(d) : undefined;
};

/** An AWS service event Lamplighter has a formatter for; undefined for the rest. */
export function formatAwsEvent(event: AwsEvent): FormattedEvent | undefined {
  const finding = guardDutyFindingFrom(event);
  if (finding) {
    const seen = at(finding.service?.eventLastSeen);
    const count = finding.service?.count;
    return {
      message: formatGuardDutyFinding(finding, event),
      key: `guardduty:${finding.id}`,
      update: `:repeat: Seen again${typeof count === 'number' ? ` (${formatNumber(count)} times in all)` : ''}${seen ? `, last at ${seen}` : ''} · severity ${guardDutyLevel(finding.severity).label}`,
    };
  }
  const health = healthEventFrom(event);
  if (health) {
    const status = healthStatus(health);
    const end = at(health.endTime);
    return {
      message: formatHealthEvent(health, event),
      key: `health:${health.eventArn}`,
      update: `${status.emoji} Now ${status.label}${end ? `, ended ${end}` : ''}`,
    };
  }
  return undefined;
}
