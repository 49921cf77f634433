import { code, tokenize, TokenizeError, unescapeCommandText, type Token } from '../../kernel/command-text';
import { takeWhere, WHERE_USAGE, type Where } from '../../kernel/where';
import { parseSnapshot, SNAPSHOT_USAGE, type SnapshotCommand } from '../snapshots/command';
import { parseTrail, TRAIL_USAGE, type TrailCommand } from '../trail/command';

/** The action commands (`/ack`, `/mute`, `/unmute`, `/alarms`, `/trail`, `/snapshot`): pure parsing, at the boundary. */
export const INCIDENT_COMMANDS = ['/ack', '/mute', '/unmute', '/alarms', '/trail', '/snapshot'] as const;
export type IncidentCommandName = (typeof INCIDENT_COMMANDS)[number];

const WHERE = ' [--account NAME|ID] [--region REGION]';

export const USAGE: Readonly<Record<IncidentCommandName, string>> = {
  '/ack': `\`/ack ALARM${WHERE}\`: acknowledge the open incident of alarm ALARM (its name). ${WHERE_USAGE}`,
  '/mute': `\`/mute ALARM DURATION [--actions]${WHERE}\`: no Slack posts for ALARM for DURATION (\`30m\`, \`1h\`, \`4h\`, \`24h\`, at most 7d); \`--actions\` also disables its CloudWatch actions until then. ${WHERE_USAGE}`,
  '/unmute': `\`/unmute ALARM${WHERE}\`: end a mute now (and re-enable its CloudWatch actions if the mute disabled them). ${WHERE_USAGE}`,
  '/alarms': `\`/alarms [FILTER]${WHERE}\`: the alarms now in ALARM, with who acknowledged or muted them; FILTER matches part of the name. ${WHERE_USAGE}`,
  '/snapshot': `${SNAPSHOT_USAGE} ${WHERE_USAGE}`,
  '/trail': `${TRAIL_USAGE} ${WHERE_USAGE}`,
};

export type IncidentCommand = (
  | { kind: 'ack'; alarm: string }
  | { kind: 'mute'; alarm: string; durationMs: number; duration: string; actions: boolean }
  | { kind: 'unmute'; alarm: string }
  | { kind: 'alarms'; filter: string }
  | SnapshotCommand
  | TrailCommand
) & {
  /** `--account` and `--region`: where the command acts, when not the function's own account and region. */
  where?: Where;
};

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
  let all: Token[];
  try {
    all = tokenize(unescapeCommandText(text).trim());
  } catch (err) {
    if (err instanceof TokenizeError) return { ok: false, error: err.message };
    throw err;
  }
  const taken = takeWhere(all);
  if (typeof taken === 'string') return { ok: false, error: taken };
  const parsed = parseWords(command, taken.rest, now);
  return parsed.ok && taken.where ? { ok: true, command: { ...parsed.command, where: taken.where } } : parsed;
}

function parseWords(command: string, tokens: Token[], now: Date): ParsedIncident {
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
