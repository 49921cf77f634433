import { HERE, whereText, type Resolved } from '../../kernel/where';
import type { SnapshotRequest } from './command';
import type { SnapshotPlan, SnapshotStatus } from './port';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode, mentionUser } from '../../kernel/slack/format';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  headUnits,
  link,
  notificationText,
  section,
} from '../../kernel/slack/text';
import { plural } from '../../kernel/plural';

export const SNAPSHOT_ACTIONS = { confirm: 'snapshot_confirm', cancel: 'snapshot_cancel' } as const;

function volumeLines(plan: SnapshotPlan): string {
  return plan.volumes
    .slice(0, 30)
    .map(
      (v) =>
        `• ${inlineCode(v.id)} · ${v.sizeGb} GiB${v.device ? ` · ${escapeMrkdwn(v.device)}` : ''}${v.name ? ` · ${escapeMrkdwn(v.name)}` : ''}`,
    )
    .join('\n');
}

function where(plan: SnapshotPlan): string {
  if (plan.instanceId)
    return `instance ${inlineCode(plan.instanceId)}${plan.instanceName ? ` (${escapeMrkdwn(plan.instanceName)})` : ''}`;
  return inlineCode(plan.target);
}

/**
 * The preview: what will be snapshotted, and a confirm step before anything is created. The
 * confirm button carries the account and region the volumes were found in.
 */
export function formatSnapshotPreview(
  plan: SnapshotPlan,
  reason: string,
  id: string,
  at: Resolved = HERE,
): SlackMessage {
  const total = plan.volumes.reduce((sum, v) => sum + v.sizeGb, 0);
  const head = `:camera: Snapshot ${plural(plan.volumes.length, 'volume')} (${total} GiB) of ${where(plan)}${whereText(at)}?${reason ? `\nReason: ${escapeMrkdwn(reason)}` : ''}`;
  const request: SnapshotRequest = {
    id,
    target: plan.target,
    ...(plan.instanceId ? { instanceId: plan.instanceId } : {}),
    volumes: plan.volumes.slice(0, 30).map((v) => v.id),
    ...at.place,
    reason: headUnits(reason, 500),
  };
  const blocks: Block[] = [
    section(head),
    section(volumeLines(plan)),
    actions('snapshot_actions', [
      // The preview is the one confirmation: what it shows is what the button creates.
      button(SNAPSHOT_ACTIONS.confirm, `Snapshot ${plural(plan.volumes.length, 'volume')}`, {
        value: JSON.stringify(request),
        style: 'primary',
      }),
      button(SNAPSHOT_ACTIONS.cancel, 'Cancel', { value: plan.target }),
    ]),
  ];
  return {
    ...(at.place.accountId ? { account: at.place.accountId } : {}),
    text: notificationText(`Snapshot ${plural(plan.volumes.length, 'volume')} of ${plan.target}?`),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** The public progress message, kept up to date by the sweeper until every snapshot completes. */
export function formatSnapshotProgress(
  request: SnapshotRequest,
  user: string,
  statuses: SnapshotStatus[],
  region: string,
): SlackMessage {
  const done = statuses.length > 0 && statuses.every((s) => s.state === 'completed');
  const failed = statuses.some((s) => s.state === 'error');
  const emoji = failed ? ':x:' : done ? ':white_check_mark:' : ':hourglass_flowing_sand:';
  const state = failed ? 'failed' : done ? 'completed' : 'in progress';
  const head = `${emoji} Snapshots of ${request.instanceId ? `instance ${inlineCode(request.instanceId)}` : inlineCode(request.target)} for ${mentionUser(user)}: ${state}${request.reason ? `\nReason: ${escapeMrkdwn(request.reason)}` : ''}`;
  const lines = statuses
    .map(
      (s) =>
        `• ${inlineCode(s.id)} of ${inlineCode(s.volumeId)} · ${escapeMrkdwn(s.state)}${s.progress ? ` ${escapeMrkdwn(s.progress)}` : ''}`,
    )
    .join('\n');
  const r = request.region ?? region;
  const url = `https://${r}.console.aws.amazon.com/ec2/home?region=${r}#Snapshots:tag:CreatedBy=Lamplighter`;
  return {
    ...(request.accountId ? { account: request.accountId } : {}),
    text: notificationText(`Snapshots of ${request.instanceId ?? request.target}: ${state}`),
    blocks: [section(head), section(lines || '_no snapshots_'), context(link(url, 'Snapshots in the EC2 console'))],
    unfurl_links: false,
    unfurl_media: false,
  };
}
