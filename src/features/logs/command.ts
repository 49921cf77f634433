/**
 * `/logs` parsing: pure, at the boundary. Slack sends the command text with `& < >` escaped and,
 * from some keyboards, with curly quotes; both are undone here so patterns reach AWS as typed.
 */

import {
  code,
  optionValue,
  parseTime,
  tokenize,
  TokenizeError,
  unescapeCommandText,
  type Token,
} from '../../kernel/command-text';
import { checkWhere, type Where } from '../../kernel/where';
export const LOGS_USAGE = [
  '*Usage*',
  '`/logs GROUP [PATTERN] [--since 1h] [--until TIME] [--limit 50] [--stream PREFIX] [--share] [--account NAME|ID] [--region REGION]`',
  '`/logs search GROUP [PATTERN] [options]` (the same, spelled out)',
  '`/logs groups [PREFIX]`: list the log groups you may search',
  '`/logs insights GROUP QUERY`: run a Logs Insights query',
  '',
  'GROUP is a full name, an alias, or a unique part of one. PATTERN is CloudWatch filter-pattern syntax: `"payment declined"`, `{ $.level = "ERROR" }`, `?timeout ?refused`, `ERROR -healthcheck`.',
  'TIME is `15m`, `2h`, `1d2h`, `2d` ago, or ISO-8601 such as `2026-11-27T14:00Z`. Times are UTC. Defaults: the last hour, 50 lines.',
  '`--account` (an account id, or its name) and `--region` search another account or region of the organisation, through its member role.',
].join('\n');

export interface LogsSearch {
  kind: 'search';
  group: string;
  pattern: string;
  start: Date;
  end: Date;
  /** How the range was asked for, for the answer ("last 1h"). */
  rangeLabel: string;
  limit: number;
  streamPrefix?: string;
  share: boolean;
}

export interface LogsGroups {
  kind: 'groups';
  prefix: string;
}

export interface LogsInsights {
  kind: 'insights';
  group: string;
  query: string;
  start: Date;
  end: Date;
  rangeLabel: string;
  share: boolean;
}

export type LogsCommand = (LogsSearch | LogsGroups | LogsInsights) & { where?: Where };

export type Parsed = { ok: true; command: LogsCommand } | { ok: false; error: string };

export const DEFAULT_LIMIT = 50;

export const MAX_LIMIT = 1000;

interface Options {
  since?: string;
  until?: string;
  limit?: string;
  stream?: string;
  account?: string;
  region?: string;
  share: boolean;
  rest: Token[];
}

function takeOptions(tokens: Token[]): Options | string {
  const out: Options = { share: false, rest: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(t.raw);
    if (!m) {
      out.rest.push(t);
      continue;
    }
    const name = m[1] as string;
    if (name === 'share') {
      if (m[2] !== undefined) return '`--share` takes no value';
      out.share = true;
      continue;
    }
    if (!['since', 'until', 'limit', 'stream', 'account', 'region'].includes(name))
      return `unknown option ${code(`--${name}`)}`;
    const taken = optionValue(tokens, i, name, m[2]);
    if (typeof taken === 'string') return taken;
    (out as unknown as Record<string, string>)[name] = taken.value;
    i = taken.last;
  }
  return out;
}

function range(opts: Options, now: Date): { start: Date; end: Date; label: string } | string {
  const start = opts.since ? parseTime(opts.since, now) : new Date(now.getTime() - 3600_000);
  if (!start) return `${code(`--since ${opts.since}`)} is not a time: use 15m, 2h, 1d2h, 2d or ISO-8601`;
  const end = opts.until ? parseTime(opts.until, now) : now;
  if (!end) return `${code(`--until ${opts.until}`)} is not a time: use 15m, 2h, 1d2h, 2d or ISO-8601`;
  if (start >= end) return '`--since` must be before `--until`';
  const label = opts.until ? `${opts.since ?? '1h'} to ${opts.until}` : `last ${opts.since ?? '1h'}`;
  return { start, end, label };
}

/** Parses the text after `/logs`. */
export function parseLogsCommand(text: string, now: Date): Parsed {
  let tokens: Token[];
  try {
    tokens = tokenize(unescapeCommandText(text).trim());
  } catch (err) {
    if (err instanceof TokenizeError) return { ok: false, error: err.message };
    throw err;
  }
  const first = tokens[0];
  if (!first || ['help', '-h', '--help'].includes(first.raw)) return { ok: false, error: '' };
  if (first.raw === 'groups') {
    const opts = takeOptions(tokens.slice(1));
    if (typeof opts === 'string') return { ok: false, error: opts };
    const where = checkWhere(opts.account, opts.region);
    if (typeof where === 'string') return { ok: false, error: where };
    return {
      ok: true,
      command: { kind: 'groups', prefix: opts.rest.map((t) => t.value).join(' '), ...(where ? { where } : {}) },
    };
  }
  if (first.raw === 'insights') {
    const opts = takeOptions(tokens.slice(1));
    if (typeof opts === 'string') return { ok: false, error: opts };
    const [group, ...query] = opts.rest;
    if (!group || query.length === 0) return { ok: false, error: '`/logs insights` needs a GROUP and a QUERY' };
    const r = range(opts, now);
    if (typeof r === 'string') return { ok: false, error: r };
    const where = checkWhere(opts.account, opts.region);
    if (typeof where === 'string') return { ok: false, error: where };
    return {
      ok: true,
      command: {
        ...(where ? { where } : {}),
        kind: 'insights',
        group: group.value,
        query: query.map((t) => t.raw).join(' '),
        start: r.start,
        end: r.end,
        rangeLabel: r.label,
        share: opts.share,
      },
    };
  }
  const opts = takeOptions(first.raw === 'search' ? tokens.slice(1) : tokens);
  if (typeof opts === 'string') return { ok: false, error: opts };
  const [group, ...pattern] = opts.rest;
  if (!group) return { ok: false, error: '`/logs` needs a log GROUP' };
  const r = range(opts, now);
  if (typeof r === 'string') return { ok: false, error: r };
  const where = checkWhere(opts.account, opts.region);
  if (typeof where === 'string') return { ok: false, error: where };
  let limit = DEFAULT_LIMIT;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return { ok: false, error: `\`--limit\` is a whole number from 1 to ${MAX_LIMIT}` };
  }
  return {
    ok: true,
    command: {
      kind: 'search',
      group: group.value,
      // Passed to AWS exactly as typed: quotes, braces and all.
      pattern: pattern.map((t) => t.raw).join(' '),
      start: r.start,
      end: r.end,
      rangeLabel: r.label,
      limit,
      ...(opts.stream ? { streamPrefix: opts.stream } : {}),
      share: opts.share,
      ...(where ? { where } : {}),
    },
  };
}
