import type { GenericNotification } from './generic';
import { regionName } from '../../kernel/aws/regions';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import {
  codeBlock,
  context,
  escapeCode,
  escapeMrkdwn,
  fieldsSection,
  fitMrkdwn,
  header,
  LIMITS,
  notificationText,
  section,
} from '../../kernel/slack/text';
import { wellFormed } from '../../kernel/untrusted';

export const GENERIC_COLOR = '#4A90D9';

/** Room for the body in one section, leaving space for the fence and the cut note. */
export const GENERIC_BODY_ROOM = LIMITS.sectionText - 200;

/**
 * A readable message for anything that is not an alarm we understand: plain text, broken JSON,
 * another service's JSON. Nothing that reaches the topic is dropped. When the body is too long,
 * `fullBodyAttached` says the whole text went to the thread as a file.
 */
export function formatGeneric(
  generic: GenericNotification,
  options: { fullBodyAttached?: boolean } = {},
): SlackMessage {
  const more = options.fullBodyAttached ? 'the whole message is attached in the thread' : undefined;
  // The body is kept as sent (the attached file is the message itself); what is shown is well-formed.
  const body = wellFormed(generic.body);
  const blocks: Block[] = [header(`:envelope: ${wellFormed(generic.title)}`)];
  if (generic.note) blocks.push(section(`:warning: ${escapeMrkdwn(generic.note)}`));
  if (generic.highlights?.length)
    blocks.push(
      fieldsSection(generic.highlights.map(([label, value]) => [escapeMrkdwn(label), escapeMrkdwn(value)] as const)),
    );
  if (generic.bodyIsJson || /\n/.test(body.trim())) {
    blocks.push(section(codeBlockFromTop(body, more)));
  } else if (body.trim()) {
    blocks.push(section(fitMrkdwn(escapeMrkdwn(body), GENERIC_BODY_ROOM, more ?? `${body.length} characters in all`)));
  } else {
    blocks.push(section('_(empty message)_'));
  }
  const where: string[] = [];
  if (generic.accountId) where.push(`account ${inlineCode(generic.accountId)}`);
  if (generic.region)
    where.push(
      `${inlineCode(generic.region)}${regionName(generic.region) ? ' · ' + escapeMrkdwn(regionName(generic.region) ?? '') : ''}`,
    );
  if (generic.timestamp) where.push(formatUtc(generic.timestamp));
  if (generic.source) where.push(`from ${escapeMrkdwn(generic.source)}`);
  if (where.length) blocks.push(context(where.join(' · ')));
  return {
    text: notificationText(generic.title),
    attachments: [{ color: GENERIC_COLOR, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Long JSON is read from the top (unlike log lines), so keep the head and cut the tail. */
function codeBlockFromTop(body: string, more: string | undefined): string {
  const full = codeBlock(body, GENERIC_BODY_ROOM);
  if (!full.startsWith('_(')) return full;
  const lines = body.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    // Count what Slack will get: the escaped line.
    const length = escapeCode(line).length + 1;
    if (size + length > GENERIC_BODY_ROOM - 300) break;
    kept.push(line);
    size += length;
  }
  return (
    codeBlock(kept.join('\n'), GENERIC_BODY_ROOM) +
    `\n_… cut after ${kept.length} of ${lines.length} lines${more ? `; ${more}` : ''}_`
  );
}

/** Whether the body shows whole; when it does not, the notifier attaches it to the thread. */
export function genericBodyFits(generic: GenericNotification): boolean {
  return escapeCode(generic.body).length <= GENERIC_BODY_ROOM - 300;
}
