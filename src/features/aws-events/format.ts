import type { SlackMessage } from '../../kernel/slack/blocks';
import type { AwsEvent } from './event';
import { formatGuardDutyFinding, guardDutyFindingFrom } from './guardduty';
import { formatHealthEvent, healthEventFrom } from './health';

/** An AWS service event Lamplighter has a formatter for, as its message; undefined for the rest. */
export function formatAwsEvent(event: AwsEvent): SlackMessage | undefined {
  const finding = guardDutyFindingFrom(event);
  if (finding) return formatGuardDutyFinding(finding, event);
  const health = healthEventFrom(event);
  if (health) return formatHealthEvent(health, event);
  return undefined;
}
