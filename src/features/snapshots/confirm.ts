import { audit, type Who } from '../../kernel/access/audit';
import { guarded } from '../../kernel/access/guard';
import { postOnce } from '../../kernel/delivery/post-once';
import { withSlackRetry } from '../../kernel/retry';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatTimeOfDay, inlineCode, mentionUser } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import { parseSnapshotRequest, placeOfRequest, type SnapshotRequest } from './command';
import type { SnapshotDeps } from './deps';
import { formatSnapshotProgress } from './format';
import { plural } from '../../kernel/plural';

/**
 * The confirm click: checked again (a click is a request like any other), then the snapshots are
 * created, tagged with who asked, why, and that Lamplighter made them, and a channel message
 * follows their progress (the sweeper keeps it up to date).
 */
export async function confirmSnapshot(rawRequest: string, who: Who, deps: SnapshotDeps): Promise<SlackMessage> {
  const request = parseSnapshotRequest(rawRequest);
  const target = request ? (request.instanceId ?? request.target) : 'confirm';
  return guarded(deps, who, { action: 'snapshot', target }, async () => {
    if (!request || request.volumes.length === 0 || !request.id)
      return reply(':warning: That confirmation does not describe any volumes; run `/snapshot` again.');
    // A double click, or a repeated delivery, must not snapshot twice.
    const claimed = await deps.claims.claim(`snapshot:${request.id}`, who.user, deps.now());
    if (claimed.status === 'already')
      return reply(
        `That snapshot was already confirmed by ${mentionUser(claimed.by)} at ${formatTimeOfDay(claimed.at)}.`,
      );
    return createSnapshots(request, who, deps);
  });
}

/** The metadata of a snapshot progress message: the confirmation it follows. */
export const SNAPSHOT_EVENT = 'lamplighter_snapshot';

async function createSnapshots(request: SnapshotRequest, who: Who, deps: SnapshotDeps): Promise<SlackMessage> {
  const at = placeOfRequest(request);
  if (request.instanceId && request.volumes.length > 1) {
    // CreateSnapshots takes every volume of the instance: it must still be what was shown.
    const now = await deps.ec2.plan(request.instanceId, at);
    const same =
      now &&
      now.volumes
        .map((v) => v.id)
        .sort()
        .join() === [...request.volumes].sort().join();
    if (!same)
      return reply(
        `:warning: The volumes of ${inlineCode(request.instanceId)} changed since the preview; nothing was created. Run \`/snapshot\` again.`,
      );
  }
  const ids = await deps.ec2.createSnapshots(
    {
      target: request.target,
      ...(request.instanceId ? { instanceId: request.instanceId } : {}),
      volumes: request.volumes.map((id) => ({ id, sizeGb: 0 })),
    },
    {
      CreatedBy: 'Lamplighter',
      RequestedBy: who.user,
      Reason: request.reason || '(none given)',
      Name: `lamplighter-${request.target}`.slice(0, 255),
    },
    at,
  );
  // Audited the moment they exist, whatever happens to the messages after.
  await audit(deps, who, 'snapshot', request.instanceId ?? request.target, 'created', ids.join(','), at);
  const statuses = await deps.ec2.snapshotStatus(ids, at);
  const started = `:camera: Started ${plural(ids.length, 'snapshot')}: ${ids.map(inlineCode).join(', ')}.`;
  let posted: { channel: string; ts: string };
  try {
    const progress = formatSnapshotProgress(request, who.user, statuses, deps.region);
    // Posted once: a retry after a lost answer finds the message rather than posting a second.
    const metadata = { event_type: SNAPSHOT_EVENT, event_payload: { snapshot: request.id ?? ids.join(',') } };
    const post = postOnce(deps.slack, who.channel, progress, metadata, { unsure: false, log: deps.log });
    posted = await withSlackRetry(post, { deadline: deps.deadline });
  } catch (err) {
    // A DM or a private channel the bot is not in: the answer itself carries the ids.
    deps.log.warn('could not post the snapshot progress in the channel', { channel: who.channel, error: err });
    return reply(`${started} Lamplighter cannot post in this channel, so follow them in the EC2 console.`);
  }
  if (!statuses.every((st) => st.state === 'completed')) {
    await deps.snapshots.putSnapshotJob({
      id: `${posted.channel}:${posted.ts}`,
      channel: posted.channel,
      ts: posted.ts,
      user: who.user,
      snapshotIds: ids,
      request,
    });
  }
  return reply(`${started} Progress is in the channel.`);
}

/** The cancel click: nothing was created, and the audit trail says so. */
export async function cancelSnapshot(target: string, who: Who, deps: Pick<SnapshotDeps, 'audit' | 'now' | 'log'>) {
  await audit(deps, who, 'snapshot', target, 'cancelled');
  return reply(`Cancelled: nothing of ${inlineCode(target)} was snapshotted.`);
}
