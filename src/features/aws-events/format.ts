import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber } from '../../kernel/slack/format';
import { escapeMrkdwn } from '../../kernel/slack/text';
import { eventTime, type AwsEvent } from './event';
import { formatGuardDutyFinding, guardDutyFindingFrom, guardDutyLevel } from './guardduty';
import { formatHealthEvent, healthEventFrom, healthStatus } from './health';
import { findingId, formatSecurityHubFindings, securityHubFindingsFrom, severityLabel } from './securityhub';
import { formatInstanceState, formatPipelineExecution } from './state-changes';
import { formatBackupJob } from './backup';
import { formatScalingFailure, formatSpotInterruption } from './capacity';
import { formatCloudFormationStatus } from './cloudformation';
import { formatConfigCompliance } from './config-rules';
import { formatCodeBuildBuild, formatCodeDeployDeployment } from './deploy';
import { formatEcsDeployment, formatEcsTaskStopped } from './ecs';
import { formatInspectorFinding, inspectorFindingFrom, inspectorUpdate } from './inspector';
import { formatRdsEvent } from './rds';
import { formatEcsContainerInstance } from './ecs-instance';
import { formatInspectorScan } from './inspector-scan';

/** A formatted AWS event: its message, what it is about (its updates share it), and an update's line (mrkdwn, escaped). */
export interface FormattedEvent {
  message: SlackMessage;
  /** The finding or event this is (a later update of it edits the same message). */
  key: string;
  /** The thread reply an update posts. */
  update: string;
}

/** The state-change formatters: each answers its own source and detail type, and undefined to the rest. */
const STATE_CHANGES: ReadonlyArray<(event: AwsEvent) => SlackMessage | undefined> = [
  formatPipelineExecution,
  formatInstanceState,
  formatBackupJob,
  formatCodeBuildBuild,
  formatCodeDeployDeployment,
  formatEcsTaskStopped,
  formatEcsDeployment,
  formatEcsContainerInstance,
  formatInspectorScan,
  formatScalingFailure,
  formatSpotInterruption,
  formatCloudFormationStatus,
  formatRdsEvent,
  formatConfigCompliance,
];

/** An AWS service event Lamplighter has a formatter for; undefined for the rest. Its message names the event's account. */
export function formatAwsEvent(event: AwsEvent): FormattedEvent | undefined {
  const formatted = formatEvent(event);
  return formatted && event.account
    ? { ...formatted, message: { ...formatted.message, account: event.account } }
    : formatted;
}

/**
 * The account part of a message's key. One Health event has the same ARN in every account it
 * affects, and ids are only unique within an account: a key without the account would let one
 * account's event edit another's message. The detail's account is AWS's own word here (these
 * formatters answer only their service's reserved `aws.*` source); else the envelope's.
 */
function accountKey(claimed: string | number | null | undefined, event: AwsEvent): string {
  return claimed !== undefined && claimed !== null && claimed !== '' ? String(claimed) : (event.account ?? 'unknown');
}

function formatEvent(event: AwsEvent): FormattedEvent | undefined {
  const finding = guardDutyFindingFrom(event);
  if (finding) {
    const seen = eventTime(finding.service?.eventLastSeen);
    const count = finding.service?.count;
    return {
      message: formatGuardDutyFinding(finding, event),
      key: `guardduty:${accountKey(finding.accountId, event)}:${finding.id}`,
      update: `:repeat: Seen again${typeof count === 'number' ? ` (${formatNumber(count)} times in all)` : ''}${seen ? `, last at ${seen}` : ''} · severity ${guardDutyLevel(finding.severity).label}`,
    };
  }
  const health = healthEventFrom(event);
  if (health) {
    const status = healthStatus(health);
    const end = eventTime(health.endTime);
    return {
      message: formatHealthEvent(health, event),
      key: `health:${accountKey(health.affectedAccount, event)}:${health.eventArn}`,
      update: `${status.emoji} Now ${status.label}${end ? `, ended ${end}` : ''}`,
    };
  }
  const findings = securityHubFindingsFrom(event);
  if (findings) {
    const one = findings.length === 1 ? findings[0]! : undefined;
    return {
      message: formatSecurityHubFindings(findings, event),
      // One finding: its updates edit its message. An import of many is a message of its own.
      // A finding without any id is named by what it is about, so its re-imports still meet.
      key: one
        ? `securityhub:${accountKey(one.AwsAccountId, event)}:${findingId(one) ?? `${one.Title ?? ''}:${one.Resources?.[0]?.Id ?? ''}`.slice(0, 500)}`
        : `securityhub-import:${accountKey(undefined, event)}:${findings
            .map((f) => findingId(f) ?? f.Title)
            .join('|')
            .slice(0, 500)}`,
      update: one
        ? `:repeat: Updated: ${severityLabel(one)}${one.Compliance?.Status ? ` · compliance ${escapeMrkdwn(one.Compliance.Status)}` : ''}${one.Workflow?.Status ? ` · workflow ${escapeMrkdwn(one.Workflow.Status)}` : ''}${one.RecordState ? ` · ${escapeMrkdwn(one.RecordState)}` : ''}`
        : ':repeat: Imported again',
    };
  }
  const inspector = inspectorFindingFrom(event);
  if (inspector)
    return {
      message: formatInspectorFinding(inspector, event),
      key: `inspector2:${accountKey(inspector.awsAccountId, event)}:${inspector.findingArn}`,
      update: inspectorUpdate(inspector),
    };
  // State changes: each one a message of its own (their key is the event's own id).
  const change = STATE_CHANGES.reduce<SlackMessage | undefined>((found, format) => found ?? format(event), undefined);
  if (change)
    return {
      message: change,
      key: `event:${accountKey(undefined, event)}:${event.id ?? JSON.stringify(event.resources)}`,
      update: '',
    };
  return undefined;
}
