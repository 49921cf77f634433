import { randomUUID } from 'node:crypto';
import { audit, type Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import type { SnapshotDeps } from './deps';
import { formatSnapshotPreview } from './format';

/** `/snapshot TARGET`: shows what would be snapshotted, with a confirm step; creates nothing yet. */
export async function previewSnapshot(
  target: string,
  reason: string,
  who: Who,
  deps: Pick<SnapshotDeps, 'ec2' | 'audit' | 'region' | 'now' | 'log'>,
): Promise<SlackMessage> {
  const plan = await deps.ec2.plan(target);
  if (!plan) {
    await audit(deps, who, 'snapshot', target, 'unknown target');
    return reply(
      `Nothing to snapshot: no volume, instance or Name tag ${inlineCode(target)} in ${inlineCode(deps.region)}.`,
    );
  }
  if (plan.volumes.length === 0) return reply(`${inlineCode(target)} has no EBS volumes attached.`);
  if (plan.volumes.length > 30)
    return reply(
      `${inlineCode(target)} has ${plan.volumes.length} volumes: more than one confirmation can carry. Snapshot them by volume id.`,
    );
  await audit(deps, who, 'snapshot', target, 'previewed', plan.volumes.map((v) => v.id).join(','));
  return formatSnapshotPreview(plan, reason, randomUUID());
}
