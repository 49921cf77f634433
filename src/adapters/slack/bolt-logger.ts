// From the Web API package, not Bolt's: the notifier's and worker's bundles carry no Bolt.
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../kernel/log';

/** A Slack token (bot, user, app-level…) wherever an SDK message quotes one: never written. */
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]*/g;

const partOf = (p: unknown): string => {
  if (p instanceof Error) return p.message;
  if (typeof p === 'string') return p;
  try {
    return JSON.stringify(p) ?? String(p);
  } catch {
    // Circular or too deep: its kind, rather than a throw out of a log call.
    return Object.prototype.toString.call(p);
  }
};

/**
 * Bolt's and the SDK's log arguments (strings, errors, objects) as one line of text: bounded
 * first, then any token in it masked (the expression is linear).
 */
const lineOf = (parts: unknown[]) =>
  parts
    .map(partOf)
    .join(' ')
    .slice(0, 2000)
    .replace(SLACK_TOKEN, (t) => `${t.slice(0, 5)}[redacted]`);

/**
 * Bolt's and the Slack SDK's logger, writing through ours: their warnings and errors become our
 * JSON lines (level kept, `source: slack`), not ConsoleLogger's `[ERROR]` blocks on stderr, so
 * they reach CloudWatch as structured logs and a test can capture and assert them. Debug and
 * info are dropped: per-request chatter. `least`: ERROR drops warnings too (the Web API client's
 * "http request failed" is a failure its caller handles and logs itself).
 */
export function slackLogger(log: Logger, least: LogLevel.WARN | LogLevel.ERROR = LogLevel.WARN): SlackLogger {
  let level: LogLevel = least;
  let name = 'slack';
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => {
      if (level !== LogLevel.ERROR) log.warn(lineOf(parts), { source: name });
    },
    error: (...parts: unknown[]) => log.error(lineOf(parts), { source: name }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}
