import { escapeMrkdwn } from './text';

/** "2021-11-10 02:45:55 UTC": unambiguous in any reader's time zone. */
export function formatUtc(date: Date | undefined): string {
  if (!date) return 'unknown time';
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export function formatTimeOfDay(date: Date): string {
  return date.toISOString().slice(11, 16) + ' UTC';
}

/** 45 s, 12 min, 2 h 5 min, 3 d 4 h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** 60 → "1 minute", 300 → "5 minutes", 3600 → "1 hour", 10 → "10 seconds". */
export function formatPeriod(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 86400 === 0) return unit(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

/** Untrusted text as inline code: escaped, and with no backtick to end the span early. */
export function inlineCode(untrusted: string): string {
  // Inside a code span no token is read: its backticks become the look-alike before escaping.
  return '`' + escapeMrkdwn(untrusted.replace(/`/g, 'ˋ')).replace(/\n/g, ' ') + '`';
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** A Slack user id as a mention; anything else (e.g. "lamplighter") as escaped text. */
export function mentionUser(id: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}
