import { code, parseTime, type Token } from '../../kernel/command-text';

export type TrailCommand = {
  kind: 'trail';
  target: string;
  by: 'ResourceName' | 'Username';
  start: Date;
  end: Date;
  since: string;
};

export const TRAIL_USAGE =
  '`/trail RESOURCE|USER [--since 24h]`: recent write calls on a resource (by name) or by a user, newest first. `user:NAME` searches by user only.';

/** `/trail RESOURCE|USER [--since 24h]`, from its tokens. */
export function parseTrail(
  tokens: Token[],
  now: Date,
): { ok: true; command: TrailCommand } | { ok: false; error: string } {
  const usage = (error: string) => ({ ok: false as const, error });
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
  if (!start || start >= now) return usage(`${code(`--since ${since}`)} is not a time: use 2h, 24h, 7d or ISO-8601`);
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
