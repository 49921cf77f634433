import { code, tokenize, TokenizeError, unescapeCommandText } from '../../kernel/command-text';
import { parseSnapshot, SNAPSHOT_USAGE, type SnapshotCommand } from '../snapshots/command';
import { parseTrail, TRAIL_USAGE, type TrailCommand } from '../trail/command';

/** The action commands (`/ack`, `/mute`, `/unmute`, `/alarms`, `/trail`, `/snapshot`): pure parsing, at the boundary. */
export const INCIDENT_COMMANDS = ['/ack', '/mute', '/unmute', '/alarms', '/trail', '/snapshot'] as const;
export type IncidentCommandName = (typeof INCIDENT_COMMANDS)[number];

export const USAGE: Readonly<Record<IncidentCommandName, string>> = {
  '/ack': '`/ack ALARM`: acknowledge the open incident of alarm ALARM (its name).',
  '/mute':
    '`/mute ALARM DURATION [--actions]`: no Slack posts for ALARM for DURATION (`30m`, `1h`, `4h`, `24h`, at most 7d); `--actions` also disables its CloudWatch actions until then.',
  '/unmute': '`/unmute ALARM`: end a mute now (and re-enable its CloudWatch actions if the mute disabled them).',
  '/alarms':
    '`/alarms [FILTER]`: the alarms now in ALARM, with who acknowledged or muted them; FILTER matches part of the name.',
  '/snapshot': SNAPSHOT_USAGE,
  '/trail': TRAIL_USAGE,
};

export type IncidentCommand =
  | { kind: 'ack'; alarm: string }
  | { kind: 'mute'; alarm: string; durationMs: number; duration: string; actions: boolean }
  | { kind: 'unmute'; alarm: string }
  | { kind: 'alarms'; filter: string }
  | SnapshotCommand
  | TrailCommand;

export type ParsedIncident = { ok: true; command: IncidentCommand } | { ok: false; error: string };

const MAX_MUTE_MS = 7 * 24 * 3600_000;

/** "30m", "1h", "4h", "24h", "1d2h" → milliseconds; undefined if not a duration. */
export function parseDuration(value: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(value);
  if (!m || !value) return undefined;
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
  return ms > 0 ? ms : undefined;
}

/** A mute of `duration`, checked the same for `/mute` and the Mute menu. */
export function muteFor(alarm: string, duration: string, actions: boolean): ParsedIncident {
  const ms = parseDuration(duration);
  if (!ms) return { ok: false, error: `${code(duration)} is not a duration: use 30m, 1h, 4h or 24h` };
  if (ms > MAX_MUTE_MS)
    return { ok: false, error: 'a mute lasts at most 7d: nothing should stay silenced by accident' };
  return { ok: true, command: { kind: 'mute', alarm, durationMs: ms, duration, actions } };
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
      return muteFor(alarm, duration, flags.includes('--actions'));
    }
    case '/snapshot':
      return parseSnapshot(words, flags);
    case '/alarms':
      if (flags.length) return usage(`unknown option ${code(flags[0] ?? '')}`);
      return { ok: true, command: { kind: 'alarms', filter: words.join(' ') } };
    case '/trail':
      return parseTrail(tokens, now);
    default:
      return usage(`unknown command ${command}`);
  }
}
