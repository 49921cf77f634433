import { code, parseTime, tokenize, TokenizeError, unescapeCommandText } from '../logs/command';

/** `/ack`, `/mute`, `/unmute`, `/alarms`, `/trail`: pure parsing, at the boundary. */
export const USAGE: Readonly<Record<string, string>> = {
  '/ack': '`/ack ALARM`: acknowledge the open incident of alarm ALARM (its name).',
  '/mute':
    '`/mute ALARM DURATION [--actions]`: no Slack posts for ALARM for DURATION (`30m`, `1h`, `4h`, `24h`, at most 7d); `--actions` also disables its CloudWatch actions until then.',
  '/unmute': '`/unmute ALARM`: end a mute now (and re-enable its CloudWatch actions if the mute disabled them).',
  '/alarms':
    '`/alarms [FILTER]`: the alarms now in ALARM, with who acknowledged or muted them; FILTER matches part of the name.',
  '/snapshot':
    '`/snapshot TARGET [REASON]`: EBS snapshots of a volume (`vol-…`), of every volume of an instance (`i-…`), or by Name tag. You confirm before anything is created.',
  '/trail':
    '`/trail RESOURCE|USER [--since 24h]`: recent write calls on a resource (by name) or by a user, newest first. `user:NAME` searches by user only.',
};

export type IncidentCommand =
  | { kind: 'ack'; alarm: string }
  | { kind: 'mute'; alarm: string; durationMs: number; duration: string; actions: boolean }
  | { kind: 'unmute'; alarm: string }
  | { kind: 'alarms'; filter: string }
  | { kind: 'snapshot'; target: string; reason: string }
  | { kind: 'trail'; target: string; by: 'ResourceName' | 'Username'; start: Date; end: Date; since: string };

export type ParsedIncident = { ok: true; command: IncidentCommand } | { ok: false; error: string };

const MAX_MUTE_MS = 7 * 24 * 3600_000;

/** "30m", "1h", "4h", "24h", "1d2h" → milliseconds; undefined if not a duration. */
export function parseDuration(value: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(value);
  if (!m || !value) return undefined;
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
  return ms > 0 ? ms : undefined;
}

export function parseIncidentCommand(command: string, text: string, now: Date): ParsedIncident {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(unescapeCommandText(text).trim());
  } catch (err) {
    if (err instanceof TokenizeError) return { ok: false, error: err.message };
    throw err;
  }
  const words = tokens.filter((t) => !t.raw.startsWith('--')).map((t) => t.value);
  const flags = tokens.filter((t) => t.raw.startsWith('--')).map((t) => t.raw);
  const usage = (error: string): ParsedIncident => ({ ok: false, error });
  switch (command) {
    case '/ack':
      if (words.length !== 1 || flags.length) return usage(words.length ? 'give one alarm name' : 'which alarm?');
      return { ok: true, command: { kind: 'ack', alarm: words[0] as string } };
    case '/unmute':
      if (words.length !== 1 || flags.length) return usage(words.length ? 'give one alarm name' : 'which alarm?');
      return { ok: true, command: { kind: 'unmute', alarm: words[0] as string } };
    case '/mute': {
      const unknown = flags.filter((f) => f !== '--actions');
      if (unknown.length) return usage(`unknown option ${code(unknown[0] ?? '')}`);
      if (words.length !== 2) return usage('give an alarm name and a duration');
      const [alarm, duration] = words as [string, string];
      const ms = parseDuration(duration);
      if (!ms) return usage(`${code(duration)} is not a duration: use 30m, 1h, 4h or 24h`);
      if (ms > MAX_MUTE_MS) return usage('a mute lasts at most 7d: nothing should stay silenced by accident');
      return {
        ok: true,
        command: { kind: 'mute', alarm, durationMs: ms, duration, actions: flags.includes('--actions') },
      };
    }
    case '/snapshot': {
      if (flags.length) return usage(`unknown option ${code(flags[0] ?? '')}`);
      const [target, ...reason] = words;
      if (!target) return usage('what should be snapshotted? a volume id, an instance id or a Name tag');
      return { ok: true, command: { kind: 'snapshot', target, reason: reason.join(' ') } };
    }
    case '/alarms':
      if (flags.length) return usage(`unknown option ${code(flags[0] ?? '')}`);
      return { ok: true, command: { kind: 'alarms', filter: words.join(' ') } };
    case '/trail': {
      let since = '24h';
      const rest: string[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        const m = /^--since(?:=(.+))?$/.exec(t.raw);
        if (m) {
          const value = m[1] ?? tokens[++i]?.value;
          if (!value) return usage('`--since` needs a value');
          since = value;
        } else if (t.raw.startsWith('--')) return usage(`unknown option ${code(t.raw)}`);
        else rest.push(t.value);
      }
      if (rest.length !== 1)
        return usage(rest.length ? 'give one resource name or user' : 'whose trail? give a resource name or a user');
      const start = parseTime(since, now);
      if (!start || start >= now)
        return usage(`${code(`--since ${since}`)} is not a time: use 2h, 24h, 7d or ISO-8601`);
      const target = rest[0] as string;
      const byUser = /^user:/.test(target);
      return {
        ok: true,
        command: {
          kind: 'trail',
          target: target.replace(/^user:/, ''),
          by: byUser ? 'Username' : 'ResourceName',
          start,
          end: now,
          since,
        },
      };
    }
    default:
      return usage(`unknown command ${command}`);
  }
}
