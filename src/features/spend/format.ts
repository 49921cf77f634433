import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import type { CostEstimate } from './estimate';
import { provenanceText } from './prices/key';
import { severityOf, type SpendPolicy } from './policy';
import { SEVERITY_STYLE } from '../../kernel/slack/severity';
import { whereText, whoText } from '../../kernel/slack/cloudtrail-text';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { cloudTrailEventUrl, resourceConsoleUrl } from '../../kernel/aws/console-urls';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { formatUsd } from './money';
import { spendId, type SpendInfo } from './ports';
import {
  headUnits,
  actions,
  button,
  context,
  escapeMrkdwn,
  fieldsSection,
  header,
  LIMITS,
  notificationText,
  section,
} from '../../kernel/slack/text';

/** What "Remind me in 24h" will need: enough to check the resource and price the day. */
export function reminderOf(event: CloudTrailEvent, estimate: CostEstimate): SpendInfo {
  return {
    eventId: event.eventId,
    service: event.service,
    ...(event.region ? { region: event.region } : {}),
    ...(/^\d{12}$/.test(event.accountId) ? { accountId: event.accountId } : {}),
    resourceKind: estimate.resourceKind,
    ...(estimate.resourceId ? { resourceId: headUnits(estimate.resourceId.split(',')[0]?.trim() ?? '', 300) } : {}),
    ...(estimate.hourly !== undefined ? { hourly: estimate.hourly } : {}),
    ...(event.eventTime ? { createdAt: event.eventTime.toISOString() } : {}),
  };
}

export const SPEND_ACTIONS = {
  expected: 'spend_expected',
  remind: 'spend_remind_24h',
  openConsole: 'spend_open_console',
} as const;

function estimateHeadline(estimate: CostEstimate): string {
  if (estimate.monthly !== undefined && estimate.hourly !== undefined) {
    return `*${formatUsd(estimate.hourly)}/hour · about ${formatUsd(estimate.monthly)}/month*`;
  }
  return estimate.usagePriced ? '*Billed by use*: no fixed monthly figure' : '*Price unknown*';
}

export interface SpendWarningInput {
  event: CloudTrailEvent;
  estimate: CostEstimate;
  policy: SpendPolicy;
  /** Repeats grouped into this message (1 = just this one). */
  count?: number;
}

/** The spend warning: the estimate up front, then who, what, where and when. */
export function formatSpendWarning(input: SpendWarningInput): SlackMessage {
  const { event, estimate, policy } = input;
  const count = input.count ?? 1;
  const severity = severityOf(estimate, policy);
  const style = SEVERITY_STYLE[severity];
  const price =
    estimate.monthly !== undefined
      ? `${formatUsd(estimate.monthly)}/month`
      : estimate.usagePriced
        ? 'usage-priced'
        : 'price unknown';
  const times = count > 1 ? ` ×${count}` : '';
  const verb = /^Update/.test(event.eventName)
    ? 'updated'
    : /^Resize/.test(event.eventName)
      ? 'resized'
      : /^Restore/.test(event.eventName)
        ? 'restored'
        : 'created';
  const title = `${estimate.resourceKind}${estimate.resourceId ? ` ${estimate.resourceId}` : ''} ${verb}: ${price}${times}`;
  const mention = severity === 'critical' && policy.mentionGroupId ? `<!subteam^${policy.mentionGroupId}> ` : '';
  const total =
    count > 1 && estimate.monthly !== undefined
      ? `\n${count} of these together: about ${formatUsd(estimate.monthly * count)}/month`
      : '';
  const blocks: Block[] = [
    header(`${style.emoji} ${title}`),
    section(`${mention}${estimateHeadline(estimate)} · ${style.label}${total}`),
    fieldsSection([
      ['Who', whoText(event.principal)],
      [
        'What',
        `${escapeMrkdwn(estimate.resourceKind)}${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''}\n${escapeMrkdwn(estimate.summary)}`,
      ],
      ['Where', whereText(event)],
      ['When', formatUtc(event.eventTime)],
      [
        'Call',
        `${inlineCode(`${event.service}:${event.eventName}`)}${event.sourceIp ? ` from ${inlineCode(event.sourceIp)}` : ''}`,
      ],
    ]),
  ];
  const priced = estimate.lines.filter((l) => l.label);
  if (priced.length) {
    const lines = priced.map(
      (l) => `• ${escapeMrkdwn(l.label)}: ${l.hourly === undefined ? 'price unknown' : `${formatUsd(l.hourly)}/hour`}`,
    );
    blocks.push(section(lines.join('\n')));
  }
  const notes = [...estimate.notes.map(escapeMrkdwn), provenanceText(estimate.sources)].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  const consoleUrl =
    (event.region && resourceConsoleUrl(event.service, event.region, estimate.resourceId)) ||
    cloudTrailEventUrl(event.region, event.eventId);
  blocks.push(
    actions('spend_actions', [
      button(SPEND_ACTIONS.expected, 'Expected', { value: spendId(event), style: 'primary' }),
      // Only the warning's id: what to check and its price are kept on our side, not trusted from a click.
      button(SPEND_ACTIONS.remind, 'Remind me in 24h', { value: spendId(event) }),
      button(SPEND_ACTIONS.openConsole, 'Open in console', { url: consoleUrl }),
    ]),
  );
  return {
    account: event.accountId,
    // The mention goes in the top-level text too: that is what notifies people.
    text: mention + notificationText(`${title} by ${event.principal.display}`),
    attachments: [{ color: style.color, blocks: blocks.slice(0, LIMITS.blocksPerMessage) }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A thread reply for a repeat that was grouped into an earlier warning. */
export function formatRepeat(event: CloudTrailEvent, estimate: CostEstimate, count: number): SlackMessage {
  const text = `Another one (${count} in all): ${escapeMrkdwn(estimate.resourceKind)}${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''} at ${formatUtc(event.eventTime)}`;
  return {
    text: notificationText(`Another one (${count} in all): ${estimate.resourceKind}`),
    blocks: [section(text)],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A quiet note for a creation that failed (it created nothing, so no dollar warning). */
export function formatFailedCreation(event: CloudTrailEvent, estimate: CostEstimate): SlackMessage {
  const text =
    `:no_entry_sign: ${escapeMrkdwn(event.principal.display)} tried to create ${escapeMrkdwn(estimate.resourceKind)}` +
    `${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''} in ${event.region ? inlineCode(event.region) : 'an unknown region'}; ` +
    `it failed with ${inlineCode(event.errorCode ?? 'an error')}${event.errorMessage ? `: ${escapeMrkdwn(event.errorMessage)}` : ''}. Nothing was created.`;
  return {
    text: notificationText(`Failed ${event.eventName} by ${event.principal.display}`),
    blocks: [context(text)],
    unfurl_links: false,
    unfurl_media: false,
  };
}
