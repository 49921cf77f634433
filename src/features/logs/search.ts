import type { LogsAccess } from './access';
import type { Requester } from '../../kernel/access/roles';
import { maySearch, withinAllowlist } from './access';
import type { LogsInsights, LogsSearch } from './command';
import { LogsError, type LogEvent, type LogsPort } from './port';

/** A bound on FilterLogEvents calls per search, so a huge group cannot keep the worker busy. */
export const MAX_FILTER_CALLS = 10;
const MAX_GROUPS_LISTED = 1000;

export type GroupResolution =
  | { kind: 'found'; group: string }
  | { kind: 'ambiguous'; input: string; candidates: string[] }
  /** `denied`: the group named exists, but the /logs policy does not open it to this requester (never shown to them). */
  | { kind: 'unknown'; input: string; closest: string[]; denied?: string };

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** A full name, an alias, or a unique prefix or substring of the groups this requester may search. */
export async function resolveGroup(
  input: string,
  deps: { logs: LogsPort; aliases: Readonly<Record<string, string>>; access: LogsAccess },
  who: Requester,
): Promise<GroupResolution> {
  const aliased = Object.hasOwn(deps.aliases, input) ? (deps.aliases[input] as string) : input;
  let denied: string | undefined;
  // A full name (or an alias of one) is one small call, not a listing of every group.
  if (aliased.startsWith('/') || aliased !== input) {
    const exact = (await deps.logs.listGroups(aliased, 50)).find((g) => g === aliased);
    if (exact && maySearch(deps.access, who, exact)) return { kind: 'found', group: exact };
    if (exact && withinAllowlist(deps.access, exact)) denied = exact;
  }
  const visible = await listGroups('', deps.logs, deps.access, who);
  if (visible.includes(aliased)) return { kind: 'found', group: aliased };
  const lower = aliased.toLowerCase();
  // A name whose last part is exactly the input wins ("api" is /aws/lambda/api, not api-worker).
  const exactLast = visible.filter((g) => g.toLowerCase().split('/').pop() === lower);
  if (exactLast.length === 1) return { kind: 'found', group: exactLast[0] as string };
  const byPrefix = visible.filter(
    (g) => g.toLowerCase().startsWith(lower) || g.toLowerCase().split('/').pop()?.startsWith(lower),
  );
  const matches = byPrefix.length ? byPrefix : visible.filter((g) => g.toLowerCase().includes(lower));
  if (matches.length === 1) return { kind: 'found', group: matches[0] as string };
  if (matches.length > 1) return { kind: 'ambiguous', input, candidates: matches.slice(0, 15) };
  const closest = visible
    .map(
      (g) =>
        [
          g,
          Math.min(distance(lower, g.toLowerCase()), distance(lower, g.toLowerCase().split('/').pop() ?? g)),
        ] as const,
    )
    .sort((a, b) => a[1] - b[1])
    .slice(0, 5)
    .map(([g]) => g);
  return { kind: 'unknown', input, closest, ...(denied ? { denied } : {}) };
}

export interface SearchResult {
  group: string;
  pattern: string;
  start: Date;
  end: Date;
  rangeLabel: string;
  /** The newest `limit` matching lines, oldest first. */
  lines: LogEvent[];
  /** Every line read (for the attached file). */
  allLines: LogEvent[];
  matched: number;
  /** False when Lamplighter stopped reading (call bound) before the range was exhausted. */
  complete: boolean;
  limit: number;
}

/** Reads FilterLogEvents page by page, a bounded number of times, keeping the newest lines. */
export async function searchLogs(cmd: LogsSearch, group: string, logs: LogsPort): Promise<SearchResult> {
  const all: LogEvent[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const page = await logs.filter({
      group,
      pattern: cmd.pattern,
      start: cmd.start,
      end: cmd.end,
      streamPrefix: cmd.streamPrefix,
      nextToken,
    });
    calls++;
    all.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken && calls < MAX_FILTER_CALLS);
  all.sort((a, b) => a.timestamp - b.timestamp);
  return {
    group,
    pattern: cmd.pattern,
    start: cmd.start,
    end: cmd.end,
    rangeLabel: cmd.rangeLabel,
    lines: all.slice(-cmd.limit),
    allLines: all,
    matched: all.length,
    complete: !nextToken,
    limit: cmd.limit,
  };
}

export interface InsightsResult {
  group: string;
  query: string;
  status: string;
  columns: string[];
  rows: string[][];
}

/** Starts a Logs Insights query and polls until it completes or the time runs out. */
export async function runInsights(
  cmd: LogsInsights,
  group: string,
  logs: LogsPort,
  opts: { deadline: () => number; sleep?: (ms: number) => Promise<void>; pollMs?: number },
): Promise<InsightsResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const queryId = await logs.startQuery({ group, query: cmd.query, start: cmd.start, end: cmd.end });
  for (;;) {
    const res = await logs.queryResults(queryId);
    if (!['Scheduled', 'Running'].includes(res.status) || Date.now() + (opts.pollMs ?? 1000) > opts.deadline()) {
      const running = ['Scheduled', 'Running'].includes(res.status);
      if (running) await logs.stopQuery?.(queryId);
      const rows = res.rows.map((r) => r.filter((f) => f.field !== '@ptr'));
      const columns = [...new Set(rows.flatMap((r) => r.map((f) => f.field)))];
      return {
        group,
        query: cmd.query,
        status: running ? 'Timeout' : res.status,
        columns,
        rows: rows.map((r) => columns.map((c) => r.find((f) => f.field === c)?.value ?? '')),
      };
    }
    await sleep(opts.pollMs ?? 1000);
  }
}

/** The log groups the requester may search, under `prefix`. */
export async function listGroups(
  prefix: string,
  logs: LogsPort,
  access: LogsAccess,
  who: Requester,
): Promise<string[]> {
  const prefixes = access.allowedPrefixes.length ? access.allowedPrefixes : [''];
  const names = new Set<string>();
  for (const allowed of prefixes) {
    // Ask AWS for the narrower of the two prefixes; if they do not nest, there is nothing to list.
    const ask = prefix.startsWith(allowed) ? prefix : allowed.startsWith(prefix) ? allowed : undefined;
    if (ask === undefined) continue;
    for (const name of await logs.listGroups(ask, MAX_GROUPS_LISTED)) names.add(name);
  }
  return [...names].filter((g) => withinAllowlist(access, g) && maySearch(access, who, g)).sort();
}

export { LogsError };
