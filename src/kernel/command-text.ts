/** Slash-command text as Slack sends it: unescaped, tokenized, with times and durations read. */

/** Text the user typed, shown back inside a code span: escaped, no backtick to break out. */
export function code(text: string): string {
  return '`' + text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, 'ˋ') + '`';
}

/** Undo Slack's escaping of the command text, and curly quotes. */
export function unescapeCommandText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'");
}

export interface Token {
  raw: string;
  /** The token without surrounding quotes (for group names and option values). */
  value: string;
}

/**
 * Splits on spaces, keeping "quoted phrases" and { json } / [ space-delimited ] patterns whole.
 * A quote opens a phrase only at the start of a token ("can't" stays a word); an unclosed quote
 * or bracket is an error rather than a silent swallow of the options after it.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i++;
      continue;
    }
    const start = i;
    let depth = 0;
    let quote: string | undefined = text[i] === '"' || text[i] === "'" ? text[i] : undefined;
    if (quote) i++;
    while (i < text.length) {
      const c = text[i] ?? '';
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' && depth > 0) quote = c;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && depth > 0) depth--;
      else if (/\s/.test(c) && depth === 0) break;
      i++;
    }
    if (quote) throw new TokenizeError(`a ${quote} quote is never closed`);
    if (depth > 0) throw new TokenizeError('a { or [ is never closed');
    const raw = text.slice(start, i);
    const quoted = /^(["'])(.*)\1$/s.exec(raw);
    tokens.push({ raw, value: quoted ? (quoted[2] ?? '') : raw });
  }
  return tokens;
}

export class TokenizeError extends Error {
  override name = 'TokenizeError';
}

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** "15m", "2h", "1d2h", "2d" before `now`, or an ISO-8601 time; undefined if neither. */
export function parseTime(value: string, now: Date): Date | undefined {
  const d = DURATION.exec(value);
  if (d && value) {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = d;
    const ms = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
    return new Date(now.getTime() - ms);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    // A time with no zone is read as UTC: the answers are in UTC too.
    const iso = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? value + 'Z' : value;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/**
 * The value of the option at `tokens[i]`: `inline` (from `--name=value`), else the next token
 * (unquoted), which must not be another option. Returns the value and the index of the last
 * token it used, or the error to show.
 */
export function optionValue(
  tokens: readonly Token[],
  i: number,
  name: string,
  inline: string | undefined,
): { value: string; last: number } | string {
  if (inline !== undefined) return { value: inline.replace(/^(["'])(.*)\1$/, '$2'), last: i };
  const next = tokens[i + 1];
  if (!next || next.raw.startsWith('--')) return `\`--${name}\` needs a value`;
  return { value: next.value, last: i + 1 };
}
