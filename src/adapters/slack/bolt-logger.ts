// From the Web API package, not Bolt's: the notifier's and worker's bundles carry no Bolt.
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../kernel/log';

/** Bolt's and the SDK's log arguments (strings, errors, objects) as one line of text. */
const lineOf = (parts: unknown[]) =>
  parts
    .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
    .join(' ')
    .slice(0, 2000);

/**
 * Bolt's and the Slack SDK's logger, writing through ours: their warnings and errors become our
 * JSON lines (level kept, `source: slack`), not ConsoleLogger's `[ERROR]` blocks on stderr, so
 * they reach CloudWatch as structured logs and a test can capture and assert them. Debug and
 * info are dropped: per-request chatter.
 */
export function slackLogger(log: Logger): SlackLogger {
  let level = LogLevel.WARN;
  let name = 'slack';
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => log.warn(lineOf(parts), { source: name }),
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
