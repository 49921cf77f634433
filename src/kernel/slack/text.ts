import type {
  Block,
  SlackMessage,
  ActionsBlock,
  ButtonElement,
  ContextBlock,
  HeaderBlock,
  Mrkdwn,
  SectionBlock,
} from './blocks';
import { LITERAL_BACKTICK, linkLabel, noQuote } from './literal';

/** Slack's documented limits (https://api.slack.com/reference/block-kit/blocks). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  /** A button's URL. */
  url: 3000,
  actionId: 255,
  contextElements: 10,
  messageText: 40000,
} as const;

/**
 * Escapes untrusted text for mrkdwn: with `& < >` escaped, `<!channel>`, `<@U…>`,
 * `<!subteam^…>` and `<url|label>` show as text and ping or link nobody.
 */
export function escapeMrkdwn(text: string): string {
  const escaped = escapeEntities(text);
  // Backticks in pairs are the text's own code spans, and stay inside it. An odd one would pair
  // with a backtick outside this text and turn what follows (our links, our labels) into code:
  // the last one is drawn as a literal backtick instead (see literal.ts).
  const ticks = escaped.split('`').length - 1;
  if (ticks % 2 === 0) return escaped;
  const last = escaped.lastIndexOf('`');
  return `${escaped.slice(0, last)}${LITERAL_BACKTICK}${escaped.slice(last + 1)}`;
}

const escapeEntities = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text for a code block: escaped, and with backtick runs broken so it cannot close the block. */
export function escapeCode(text: string): string {
  return escapeEntities(text).replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

/** Cuts already-escaped text to `max` characters, never through an `&amp;`-style entity. */
/** The first `max` UTF-16 units, never ending on half of an emoji (a lone surrogate Slack would show as �). */
export function headUnits(text: string, max: number): string {
  const cut = text.slice(0, Math.max(0, max));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** The last `count` UTF-16 units, never starting on half of an emoji. */
function tailUnits(text: string, count: number): string {
  const cut = text.slice(Math.max(0, text.length - count));
  const first = cut.charCodeAt(0);
  return first >= 0xdc00 && first <= 0xdfff ? cut.slice(1) : cut;
}

function cutEscaped(text: string, max: number): string {
  let cut = headUnits(text, max);
  const partialEntity = /&[a-z#0-9]{0,5}$/i.exec(cut);
  if (partialEntity) cut = cut.slice(0, partialEntity.index);
  // Nor through an inline code span: an unclosed backtick would turn the rest into code.
  const fences = cut.split('```').length - 1;
  const ticks = cut.split(LITERAL_BACKTICK).join('').split('`').length - 1;
  if (fences % 2 === 0 && (ticks - 3 * fences) % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('`'));
  // Nor through a link, a mention or a literal we built: an unclosed `<` would show as raw markup.
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  return cut;
}

/**
 * Fits escaped mrkdwn into `max` characters. When it has to cut, it says so visibly and, when
 * given, links to where the whole text can be read (`more` is trusted mrkdwn, e.g. a console link).
 */
export function fitMrkdwn(mrkdwnText: string, max: number, more?: string): string {
  // Every text object passes here: the one place that knows where its lines start.
  const escaped = noQuote(mrkdwnText);
  if (escaped.length <= max) return escaped;
  // A link too long to leave room for the text is dropped, not allowed to crowd it out.
  if (more && more.length > max / 4) more = undefined;
  const note = more ? ` … _(cut; ${more})_` : ' … _(cut)_';
  return cutEscaped(escaped, max - note.length) + note;
}

/** Untrusted text in running mrkdwn: escaped, and its backticks unable to open a code span. */
export function escapeInline(untrusted: string): string {
  return escapeEntities(untrusted).replace(/`/g, LITERAL_BACKTICK);
}

/** A code block of untrusted text that fits `max` characters, cut visibly from the top when long. */
export function codeBlock(untrusted: string, max: number, more?: string): string {
  if (more && more.length > max / 4) more = undefined;
  // trimEnd, not /\s+$/: that regex is quadratic on text with many runs of spaces.
  const body = escapeCode(untrusted.trimEnd()) || ' ';
  const fence = 8; // "```\n" + "\n```"
  if (body.length + fence <= max) return '```\n' + body + '\n```';
  const note = more ? `_(earlier lines cut; ${more})_\n` : '_(earlier lines cut)_\n';
  const room = max - fence - note.length;
  // Keep the newest (last) lines: they are the ones that matter in a log excerpt.
  let tail = tailUnits(body, room);
  const lead = /^[^&]*?;/.exec(tail); // do not start inside an entity
  const before = body.slice(0, body.length - room);
  if (lead && /^&[a-z#0-9]*$/i.test(before.slice(before.lastIndexOf('&')))) tail = tail.slice(lead[0].length);
  const firstNewline = tail.indexOf('\n');
  if (firstNewline >= 0 && firstNewline < tail.length - 1) tail = tail.slice(firstNewline + 1);
  return note + '```\n' + tail + '\n```';
}

/** Cut by code points, so an emoji is never split into a lone surrogate. */
export function plainText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  let out = '';
  for (const p of points) {
    if (out.length + p.length > max - 1) break;
    out += p;
  }
  return out + '…';
}

export function header(untrusted: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: plainText(untrusted, LIMITS.headerText), emoji: true } };
}

export function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A section of trusted mrkdwn (escape untrusted parts first); cut to Slack's limit. */
export function section(text: string, more?: string): SectionBlock {
  return { type: 'section', text: mrkdwn(fitMrkdwn(text, LIMITS.sectionText, more)) };
}

/** Up to ten label/value fields of a section; values are trusted mrkdwn (escape first). */
export function fieldsSection(fields: ReadonlyArray<readonly [label: string, value: string]>): SectionBlock {
  return {
    type: 'section',
    fields: fields
      .slice(0, LIMITS.fieldsPerSection)
      .map(([label, value]) => mrkdwn(fitMrkdwn(`*${label}*\n${value}`, LIMITS.fieldText))),
  };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(fitMrkdwn(t, LIMITS.fieldText))),
  };
}

export function button(
  actionId: string,
  label: string,
  options: { value?: string; url?: string; style?: 'primary' | 'danger' } = {},
): ButtonElement {
  const element: ButtonElement = {
    type: 'button',
    action_id: actionId.slice(0, LIMITS.actionId),
    text: { type: 'plain_text', text: plainText(label, LIMITS.buttonText), emoji: true },
  };
  if (options.value !== undefined) element.value = headUnits(options.value, LIMITS.buttonValue);
  // Slack refuses a button URL over 3,000 characters: the button stays, without its link.
  if (options.url !== undefined && options.url.length <= LIMITS.url) element.url = options.url;
  if (options.style !== undefined) element.style = options.style;
  return element;
}

export function actions(blockId: string, elements: ActionsBlock['elements']): ActionsBlock {
  return { type: 'actions', block_id: blockId.slice(0, LIMITS.actionId), elements: elements.slice(0, 25) };
}

/**
 * A URL as it goes inside `<url|label>`: Slack reads `&`, `<` and `>` there as markup too, so `&`
 * is sent as `&amp;` (as in any text), and `<`, `>`, `|` and spaces percent-encoded.
 */
export function linkUrl(url: string): string {
  return url.replace(/[<>|\s]/g, encodeURIComponent).replace(/&/g, '&amp;');
}

/** `<url|label>` with the label escaped; the URL must be one we built, never one we were sent. */
export function link(url: string, label: string): string {
  return `<${linkUrl(url)}|${linkLabel(escapeMrkdwn(label))}>`;
}

/**
 * Mrkdwn as words, for the notification text: a link reads as its label (never as a URL that a
 * length limit could cut in half), a mention as @U…, entities as their characters; then escaped.
 */
function mrkdwnAsWords(mrkdwnText: string): string {
  const words = mrkdwnText
    .replace(/[*`]/g, '')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<[^<>|]*\|([^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return notificationText(words);
}

/** Top-level notification text: escaped and short. */
export function notificationText(untrusted: string): string {
  return fitMrkdwn(escapeMrkdwn(untrusted), 300);
}

/**
 * A message of mrkdwn (escape untrusted parts first) and, by default, one section of it; the
 * notification text is the same words without markup, mentions read as @U….
 */
export function textMessage(mrkdwnText: string, blocks: Block[] = [section(mrkdwnText)]): SlackMessage {
  return {
    text: mrkdwnAsWords(mrkdwnText),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A plain answer to the person who asked (ephemeral, or a thread note). */
export const reply = (mrkdwnText: string): SlackMessage => textMessage(mrkdwnText);
