import { randomUUID } from 'node:crypto';
import { audit, type Who } from '../../kernel/access/audit';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import type { SnapshotDeps } from './deps';
import { formatSnapshotPreview } from './format';
import { HERE, whereText, type Resolved } from '../../kernel/where';

/** `/snapshot TARGET`: shows what would be snapshotted, with a confirm step; creates nothing yet. */
export async function previewSnapshot(
  target: string,
  reason: string,
  who: Who,
  deps: Pick<SnapshotDeps, 'ec2' | 'audit' | 'region' | 'now' | 'log'>,
  at: Resolved = HERE,
): Promise<SlackMessage> {
  const plan = await deps.ec2.plan(target, at.place);
  if (!plan) {
    await audit(deps, who, 'snapshot', target, 'unknown target', undefined, at.place);
    const where = at.label ? whereText(at) : ` in ${inlineCode(deps.region)}`;
    return reply(`Nothing to snapshot: no volume, instance or Name tag ${inlineCode(target)}${where}.`);
  }
  if (plan.volumes.length === 0) return reply(`${inlineCode(target)} has no EBS volumes attached.`);
  if (plan.volumes.length > 30)
    return reply(
      `${inlineCode(target)} has ${plan.volumes.length} volumes: more than one confirmation can carry. Snapshot them by volume id.`,
    );
  await audit(deps, who, 'snapshot', target, 'previewed', plan.volumes.map((v) => v.id).join(','), at.place);
  return formatSnapshotPreview(plan, reason, randomUUID(), at);
}
