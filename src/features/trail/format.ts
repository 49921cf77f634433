import { cloudTrailEventUrl } from '../../kernel/aws/console-urls';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { context, escapeMrkdwn, link, section, textMessage } from '../../kernel/slack/text';
import type { TrailEvent } from './port';

/** `/trail`'s answer: the write calls, newest first, each linked to its CloudTrail event. */
export function formatTrail(
  target: string,
  by: 'ResourceName' | 'Username',
  since: string,
  events: TrailEvent[],
  region: string,
  /** Another account or region's name ("prod-payments (222222222222), eu-west-1"); '' for here. */
  where = '',
): SlackMessage {
  const what = by === 'Username' ? `by user ${inlineCode(target)}` : `on ${inlineCode(target)}`;
  const trailName = `CloudTrail, ${escapeMrkdwn(where || region)}`;
  if (events.length === 0)
    return textMessage(`No write calls ${what} in the last ${escapeMrkdwn(since)} (${trailName}).`);
  const lines = events
    .slice(0, 25)
    .map(
      (e) =>
        `• ${formatUtc(e.time)} · ${link(cloudTrailEventUrl(region, e.id), e.name)} by ${inlineCode(e.principal)}${e.sourceIp ? ` from ${inlineCode(e.sourceIp)}` : ''}${e.errorCode ? ` · failed: ${escapeMrkdwn(e.errorCode)}` : ''}`,
    );
  const head = `:mag: *${events.length} write call${events.length === 1 ? '' : 's'}* ${what}, newest first (last ${escapeMrkdwn(since)})`;
  return {
    ...textMessage(head),
    blocks: [
      section(head),
      section(lines.join('\n')),
      context(`CloudTrail event history, ${escapeMrkdwn(where || region)}`),
    ],
  };
}
