import { noteOnce } from '../../kernel/delivery/post-once';
import { audit, type Who } from '../../kernel/access/audit';
import { guarded, type GuardDeps } from '../../kernel/access/guard';
import type { ClaimStore } from '../../kernel/claims';
import { withSlackRetry } from '../../kernel/retry';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { formatTimeOfDay, mentionUser } from '../../kernel/slack/format';
import type { SlackPort } from '../../kernel/slack/port';
import { context, reply } from '../../kernel/slack/text';

export interface ExpectedClick {
  eventId: string;
  channel: string;
  messageTs?: string;
  /** The warning's attachments, as Slack sent them back with the click. */
  attachments?: unknown;
}

/** "Expected" on a spend warning: one person wins; the message and its thread say who. */
export async function markSpendExpected(
  click: ExpectedClick,
  who: Who,
  deps: GuardDeps & { claims: ClaimStore; slack: SlackPort; deadline: () => number },
): Promise<SlackMessage> {
  return guarded(deps, who, { action: 'ack', audited: 'expected', target: click.eventId }, async () => {
    const at = deps.now();
    const result = await deps.claims.claim(`expected:${click.eventId}`, who.user, at);
    await audit(deps, who, 'expected', click.eventId, result.status);
    if (result.status === 'already')
      return reply(`Already marked expected by ${mentionUser(result.by)} at ${formatTimeOfDay(result.at)}.`);
    if (click.messageTs) {
      const ts = click.messageTs;
      const budget = { deadline: deps.deadline };
      const note = `:white_check_mark: Expected: acknowledged by ${mentionUser(who.user)} at ${formatTimeOfDay(at)}`;
      const attachments = Array.isArray(click.attachments)
        ? (click.attachments as Array<{ color?: string; blocks?: Block[] }>)
        : undefined;
      const first = attachments?.[0];
      if (first?.blocks) {
        // Our own message, as Slack returned it with the click: the buttons give way to who acknowledged.
        const blocks = first.blocks.filter((b) => b.type !== 'actions').concat(context(note));
        const color = first.color ?? '#4A90D9';
        await withSlackRetry(
          () => deps.slack.updateMessage(click.channel, ts, { text: note, attachments: [{ color, blocks }] }),
          budget,
        );
      }
      await noteOnce(deps.slack, { channel: click.channel, ts }, reply(note), `expected|${click.eventId}`, budget);
    }
    return reply(':white_check_mark: Marked as expected.');
  });
}
