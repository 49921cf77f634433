/**
 * Slack mrkdwn → HTML, as Slack draws it, for the sandbox page. Pure: a string in, a string out.
 * Everything that reaches the HTML is escaped; only what this module writes is markup.
 *
 * Slack's mrkdwn escapes `& < >` as entities; a real `<…>` is a link or a mention. So an escaped
 * `&lt;!channel&gt;` from a log line is drawn as the text "<!channel>", while `<!channel>` is
 * drawn as a mention.
 */

/** Who and what the page knows by id, to draw `<@U…>` and `<#C…>` as Slack would: by name. */
export interface Directory {
  users?: Readonly<Record<string, string>>;
  channels?: Readonly<Record<string, string>>;
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and (double- or single-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/** Slack's three entities back to characters (text Slack would show). */
export function decodeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The emoji Lamplighter's messages use (and a few common ones); others stay as `:name:`. */
const EMOJI: Readonly<Record<string, string>> = {
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  warning: '⚠️',
  white_check_mark: '✅',
  rotating_light: '🚨',
  repeat: '🔁',
  mute: '🔇',
  loud_sound: '🔊',
  alarm: '⏰',
  alarm_clock: '⏰',
  mag: '🔍',
  memo: '📝',
  information_source: 'ℹ️',
  camera: '📷',
  thunder_cloud_and_rain: '⛈️',
  tag: '🏷️',
  no_entry_sign: '🚫',
  no_entry: '⛔',
  moneybag: '💰',
  money_with_wings: '💸',
  hourglass_flowing_sand: '⏳',
  file_folder: '📁',
  envelope: '✉️',
  chart_with_upwards_trend: '📈',
  calendar: '📆',
  bar_chart: '📊',
  arrows_counterclockwise: '🔄',
  lock: '🔒',
  shield: '🛡️',
  eyes: '👀',
  x: '❌',
  heavy_check_mark: '✔️',
  thumbsup: '👍',
  thumbsdown: '👎',
  '+1': '👍',
  '-1': '👎',
};

/** `:name:` → the emoji, in already-escaped HTML (names are `[a-z0-9_+-]`, so nothing to escape). */
export function emojify(escaped: string): string {
  return escaped.replace(/(?<![A-Za-z0-9]):([a-z0-9_+-]+):(?![A-Za-z0-9])/g, (all, name: string) => EMOJI[name] ?? all);
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** One `<…>` token (its inside, still entity-escaped) → HTML. */
function token(inside: string, dir: Directory): string {
  const [target = '', label] = splitLabel(inside);
  const text = (s: string) => escapeHtml(decodeSlack(s));
  const mention = (shown: string, kind: string) => `<span class="mention ${kind}">${text(shown)}</span>`;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mention('@' + (label ?? dir.users?.[id] ?? id), 'user');
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mention('#' + (label ?? dir.channels?.[id] ?? id), 'channel');
  }
  if (target.startsWith('!subteam^')) return mention(label ?? '@' + target.slice('!subteam^'.length), 'group');
  if (target.startsWith('!date^')) return text(label ?? target);
  if (target.startsWith('!')) return mention('@' + target.slice(1), 'special');
  const url = decodeSlack(target);
  if (!SAFE_URL.test(url)) return text(label ?? target);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text(label ?? target)}</a>`;
}

function splitLabel(inside: string): [string, string | undefined] {
  const bar = inside.indexOf('|');
  return bar < 0 ? [inside, undefined] : [inside.slice(0, bar), inside.slice(bar + 1)];
}

/**
 * mrkdwn → HTML: code blocks, inline code, links and mentions first (held aside so their insides
 * are not formatted), then the rest decoded, escaped and formatted (*bold*, _italic_, ~strike~,
 * `> quote`, emoji, line breaks).
 */
export function mrkdwnHtml(source: string, dir: Directory = {}): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  let text = source.replace(/[\uE000\uE001]/g, '');
  text = text.replace(/```\n?([\s\S]*?)```/g, (_, code: string) => hold(`<pre>${escapeHtml(decodeSlack(code))}</pre>`));
  // A date's fallback is plain text before anything else: a backtick in it opens no code span.
  text = text.replace(/<(!date\^[^<>\n]+)>/g, (_, inside: string) => hold(token(inside, dir)));
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(decodeSlack(code))}</code>`));
  text = text.replace(/<([^<>\n]+)>/g, (_, inside: string) => hold(token(inside, dir)));
  let html = escapeHtml(decodeSlack(text));
  html = html
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<b>$2</b>')
    .replace(/(^|[^\w])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, '$1<s>$2</s>')
    .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>');
  html = emojify(html).replace(/\n/g, '<br>');
  return html.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)] ?? '');
}

/** A text object (plain_text or mrkdwn) → HTML. */
export function textHtml(text: unknown, dir: Directory = {}): string {
  if (!text || typeof text !== 'object') return '';
  const t = text as { type?: unknown; text?: unknown; emoji?: unknown };
  if (typeof t.text !== 'string') return '';
  if (t.type === 'mrkdwn') return mrkdwnHtml(t.text, dir);
  const escaped = escapeHtml(t.text).replace(/\n/g, '<br>');
  return t.emoji === false ? escaped : emojify(escaped);
}
