import { cloudTrailEventUrl } from '../../kernel/aws/console-urls';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatDuration, formatUtc, inlineCode } from '../../kernel/slack/format';
import { context, escapeMrkdwn, link, section, textMessage } from '../../kernel/slack/text';
import type { ChangesFound } from './changes';

/** Lines shown; the rest are counted, and `/trail` shows them all. */
const SHOWN = 10;

/** CloudTrail's API versions ride on some names ("UpdateFunctionCode20150331v2"): people know them without. */
export const callName = (name: string) => name.replace(/\d{8}(v\d+)?$/, '') || name;

/**
 * "What changed": the write calls on the alarm's resources in the hour before it fired, newest
 * first, each with who and how long before. Nothing found is said only when someone asked
 * (`asked`); the automatic note stays away then (undefined), so it never adds noise.
 */
export function formatChanges(
  found: ChangesFound,
  before: Date,
  region: string | undefined,
  asked: boolean,
): SlackMessage | undefined {
  const names = found.targets.map((t) => inlineCode(t.label)).join(', ');
  const shortfall = found.partial ? ' (CloudTrail did not answer for every resource; the list may be short)' : '';
  if (!found.targets.length) {
    return asked
      ? textMessage(
          ':mag: This alarm’s metric names no resource CloudTrail records changes on; try `/trail NAME` with the resource’s name.',
        )
      : undefined;
  }
  if (!found.changes.length) {
    return asked
      ? textMessage(
          `:mag: No write calls on ${names} in the hour before ${escapeMrkdwn(formatUtc(before))}${shortfall}.`,
        )
      : undefined;
  }
  const lines = found.changes.slice(0, SHOWN).map(({ target, event }) => {
    const ago = Math.max(0, before.getTime() - event.time.getTime());
    const when = ago < 60_000 ? 'just before' : `${formatDuration(ago)} before`;
    return `• ${link(cloudTrailEventUrl(region, event.id), callName(event.name))} on ${inlineCode(target.label)} by ${inlineCode(event.principal)}, ${when}${event.errorCode ? ` · failed: ${escapeMrkdwn(event.errorCode)}` : ''}`;
  });
  const more = found.changes.length - SHOWN;
  const head = `:mag: *Changes in the hour before* (${found.changes.length} write call${found.changes.length === 1 ? '' : 's'}, newest first)`;
  const tail = `${more > 0 ? `${more} more: ${inlineCode(`/trail ${found.targets[0]!.label} --since 2h`)}. ` : ''}CloudTrail event history${region ? `, ${escapeMrkdwn(region)}` : ''}; calls can take up to 15 minutes to appear there${escapeMrkdwn(shortfall)}.`;
  return {
    ...textMessage(`Changes in the hour before: ${found.changes.length}`),
    blocks: [section(head), section(lines.join('\n')), context(tail)],
  };
}
