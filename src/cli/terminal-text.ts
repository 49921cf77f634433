import { decodeSlack } from '../sandbox/web/mrkdwn-html';
/**
 * Slack messages as a terminal shows them (for `lamplighter demo`): mrkdwn's markers dropped,
 * links as "text (url)", mentions as @name, Slack's HTML escapes undone, the emoji Lamplighter
 * uses drawn, and every line of every block indented alike. Pure: text in, text out.
 */

const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  hourglass_flowing_sand: '⏳',
  mag: '🔍',
  warning: '⚠️',
  rotating_light: '🚨',
  white_check_mark: '✅',
  moneybag: '💰',
  bell: '🔔',
  no_bell: '🔕',
  lock: '🔒',
  information_source: 'ℹ️',
  chart_with_upwards_trend: '📈',
  camera: '📷',
};

const EMOJI_CODE = /:([a-z0-9_+-]+):/g;
const emoji = (code: string, name: string) => EMOJI[name] ?? code;

/** `<url|text>`, `<@U1>`, `<#C1|name>`, `<!here>`, `<!date^…|fallback>`: Slack's angle-bracket markup. */
function link(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : '';
  if (target.startsWith('@')) return label ? `@${label}` : target;
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label || '@group';
  if (target.startsWith('!date^')) return label;
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  return label && label !== target ? `${label} (${target})` : target;
}

/** One run of text outside code: markup first (its `<` are Slack's), then the escapes. */
function inline(text: string): string {
  return decodeSlack(
    text
      .replace(/<([^<>\n]+)>/g, (_, inner: string) => link(inner))
      .replace(/(^|[\s(])([*_~])(?=\S)([^\n]*?\S)\2(?=$|[\s).,:;!?])/g, '$1$3')
      .replace(EMOJI_CODE, emoji),
  );
}

/** mrkdwn as terminal text: code blocks keep their lines (and Slack's escapes undone); inline code loses its ticks. */
export function mrkdwnToTerminal(text: string): string {
  return text
    .split(/```/)
    .map((part, i) => {
      if (i % 2 === 1) return decodeSlack(part.replace(/^\n|\n$/g, ''));
      return part
        .split(/(`[^`\n]+`)/)
        .map((piece, j) => (j % 2 === 1 ? decodeSlack(piece.slice(1, -1)) : inline(piece)))
        .join('');
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

type Json = Record<string, unknown>;

const textOf = (t: unknown): string => {
  const o = t as Json | undefined;
  if (!o || typeof o.text !== 'string') return '';
  return o.type === 'plain_text' ? o.text.replace(EMOJI_CODE, emoji) : mrkdwnToTerminal(o.text);
};

/** The lines a person reads in a list of blocks (buttons and images are not text: they are left out). */
function blockLines(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const lines: string[] = [];
  for (const b of blocks as Json[]) {
    if (b.type === 'header' || b.type === 'section') {
      if (b.text) lines.push(textOf(b.text));
      if (Array.isArray(b.fields)) lines.push(...b.fields.map((f) => textOf(f).replace(/\n/g, ': ')));
    } else if (b.type === 'context' && Array.isArray(b.elements)) {
      const parts = b.elements.map(textOf).filter(Boolean);
      if (parts.length) lines.push(parts.join('  '));
    } else if (b.type === 'divider') lines.push('');
  }
  return lines;
}

/** A whole message (its blocks, or its attachments' blocks), each line indented by `indent`. */
export function messageToTerminal(
  message: { text?: unknown; blocks?: unknown; attachments?: unknown },
  indent = '   ',
): string {
  const attachments = Array.isArray(message.attachments) ? (message.attachments as Json[]) : [];
  let lines = [...blockLines(message.blocks), ...attachments.flatMap((a) => blockLines(a.blocks))];
  if (!lines.length && typeof message.text === 'string') lines = [mrkdwnToTerminal(message.text)];
  return lines
    .join('\n')
    .split('\n')
    .map((l) => (l ? indent + l : ''))
    .join('\n');
}
