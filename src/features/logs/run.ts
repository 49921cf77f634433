import { audit, type AuditStore, type Who } from '../../kernel/access/audit';
import { guarded } from '../../kernel/access/guard';
import type { RoleRule } from '../../kernel/access/roles';
import { memberOf } from '../../kernel/access/user-groups';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import type { Incident, IncidentStore } from '../alarms/incident';
import { maySearch, type LogsAccess } from './access';
import { type Requester } from '../../kernel/access/roles';
import { LOGS_USAGE, parseLogsCommand, type LogsCommand, type LogsSearch } from './command';
import {
  formatGroups,
  formatInsights,
  formatLogsProblem,
  formatResolution,
  formatSearchResult,
  formatUsage,
  type LogsReply,
} from './format';
import { LogsError, type LogsPort } from './port';
import { listGroups, resolveGroup, runInsights, searchLogs } from './search';
import type { Place } from '../../kernel/aws/place';
import { bookForWhere, resolveWhere, withOwnAccount, type Where } from '../../kernel/where';
import type { AccountDirectory } from '../../kernel/accounts';

export interface LogsDeps {
  logs: LogsPort;
  /** CloudWatch Logs in another account of the organisation (its member role) or region; absent: here only. */
  logsIn?: (at: Place) => Promise<LogsPort>;
  /** Whether other accounts can be reached (the organisation is set up). */
  organisation?: boolean;
  /** Account names (LAMPLIGHTER_ACCOUNTS), so `--account prod-payments` names one. */
  accountNames?: ReadonlyMap<string, string>;
  /** And the organisation's (ACCOUNT_NAMES_FROM_ORGANIZATIONS), read when a command names an account. */
  accounts?: AccountDirectory;
  /** The function's own account id (STS, asked once), where known: `--account` may name it too. */
  ownAccount?: () => Promise<string | undefined>;
  access: LogsAccess;
  /** LAMPLIGHTER_ROLES: /logs needs the viewer role, like /alarms and /trail. */
  roles?: RoleRule[];
  /** Every search, allowed or refused, is audited like every command. */
  audit: AuditStore;
  now: () => Date;
  aliases: Readonly<Record<string, string>>;
  partition: string;
  region: string;
  slack: Pick<SlackPort, 'userGroupMembers'>;
  /** Where Show logs finds the alarm's log group; absent without a state table. */
  incidents?: IncidentStore;
  deadline: () => number;
  log: Logger;
}

/** What `/logs` answers, and whether in the channel (`--share`). */
export interface LogsAnswer {
  reply: LogsReply;
  share: boolean;
}

/** The requester, with user groups when the /logs policy names any. */
async function requester(who: Who, deps: LogsDeps): Promise<Requester> {
  const groups = (deps.access.policy ?? []).flatMap((r) => r.userGroups ?? []);
  if (!groups.length) return who;
  return { ...who, userGroups: await memberOf(who.user, groups, deps.slack, deps.log) };
}

/**
 * `/logs …`: a search, a Logs Insights query, or the groups you may search. It runs through the
 * guard like every command (the viewer role), and each search is audited: the group, where, and
 * whether the /logs policy allowed it.
 */
export async function runLogs(text: string, who: Who, requestedAt: Date, deps: LogsDeps): Promise<LogsAnswer> {
  const parsed = parseLogsCommand(text, requestedAt);
  if (!parsed.ok) return { reply: { message: formatUsage(parsed.error, LOGS_USAGE) }, share: false };
  const cmd = parsed.command;
  let answer: LogsAnswer | undefined;
  const target = cmd.kind === 'groups' ? `groups ${cmd.prefix}`.trim() : cmd.group;
  const message = await guarded(deps, who, { action: 'logs', target }, async () => {
    answer = await runGuarded(cmd, who, deps);
    return answer.reply.message;
  });
  return answer ?? { reply: { message }, share: false };
}

async function runGuarded(cmd: LogsCommand, who: Who, deps: LogsDeps): Promise<LogsAnswer> {
  const where = cmd.where ? await placeOf(cmd.where, deps) : undefined;
  if (typeof where === 'string') return { reply: { message: formatUsage(where, LOGS_USAGE) }, share: false };
  // Another account or region: the same search, through that account's member role.
  if (where) {
    const at = { ...(where.accountId ? { accountId: where.accountId } : {}), region: where.region };
    const answer = await runLogsIn(cmd, who, { ...deps, logs: where.logs, region: where.region }, where.label, at);
    return where.accountId ? { ...answer, reply: inAccount(answer.reply, where.accountId) } : answer;
  }
  return runLogsIn(cmd, who, deps, undefined, { region: deps.region });
}

/** The logs `--account` and `--region` point at, or why they cannot be used. */
async function placeOf(
  w: Where,
  deps: LogsDeps,
): Promise<{ logs: LogsPort; region: string; label: string; accountId?: string } | string> {
  if (!deps.logsIn) return '`--account` and `--region` are not set up here';
  const book = withOwnAccount(await bookForWhere(w, deps.accountNames, deps.accounts), await deps.ownAccount?.());
  const resolved = resolveWhere(w, book, deps.organisation ?? false);
  if (typeof resolved === 'string') return resolved;
  const { place, label } = resolved;
  return { logs: await deps.logsIn(place), region: place.region ?? deps.region, label, accountId: place.accountId };
}

async function runLogsIn(
  command: LogsCommand,
  who: Who,
  deps: LogsDeps,
  place: string | undefined,
  at: Place,
): Promise<LogsAnswer> {
  // The answer says where it searched, beside when.
  const cmd =
    place && command.kind !== 'groups' ? { ...command, rangeLabel: `${command.rangeLabel}, in ${place}` } : command;
  const me = await requester(who, deps);
  if (cmd.kind === 'groups') {
    const groups = await listGroups(cmd.prefix, deps.logs, deps.access, me);
    await audit(deps, who, 'logs', `groups ${cmd.prefix}`.trim(), `listed ${groups.length}`, undefined, at);
    return { reply: { message: formatGroups(cmd.prefix, groups) }, share: false };
  }
  const resolved = await resolveGroup(cmd.group, deps, me);
  if (resolved.kind !== 'found') {
    // A group the policy keeps from this requester reads to them as unknown; the audit says what it was.
    const outcome = resolved.kind === 'unknown' ? (resolved.denied ? 'refused' : 'no such group') : 'ambiguous';
    await audit(
      deps,
      who,
      'logs',
      resolved.kind === 'unknown' ? (resolved.denied ?? cmd.group) : cmd.group,
      outcome,
      undefined,
      at,
    );
    return { reply: { message: formatResolution(resolved) }, share: false };
  }
  return audited(deps, who, 'logs', resolved.group, resolved.group, at, async () => {
    if (cmd.kind === 'insights') {
      const result = await runInsights(cmd, resolved.group, deps.logs, { deadline: () => deps.deadline() - 3000 });
      return { reply: formatInsights(result), share: cmd.share };
    }
    return { reply: formatSearchResult(await searchLogs(cmd, resolved.group, deps.logs), deps), share: cmd.share };
  });
}

/** A search that ran is audited as searched; one AWS refused, as failed (and answered as before). */
async function audited<T>(
  deps: LogsDeps,
  who: Who,
  action: string,
  target: string,
  group: string,
  at: Place,
  run: () => Promise<T>,
): Promise<T> {
  try {
    const result = await run();
    await audit(deps, who, action, target, 'searched', group === target ? undefined : group, at);
    return result;
  } catch (err) {
    if (err instanceof LogsError) await audit(deps, who, action, target, 'failed', err.message, at);
    throw err;
  }
}

/** Show logs on an alarm message: the alarm's metric filter, over the alarm's window. */
export async function showLogs(alarmKey: string, who: Who, requestedAt: Date, deps: LogsDeps): Promise<LogsReply> {
  const incident = await deps.incidents?.get(alarmKey);
  let answer: LogsReply | undefined;
  // The incident's own channel: a channel's grant covers only its own incidents ('' is none).
  const what = { action: 'logs', audited: 'show-logs', target: incident?.alarmName ?? alarmKey } as const;
  const message = await guarded(deps, who, { ...what, channel: incident?.channel ?? '' }, async () => {
    answer = await showLogsOf(incident, who, requestedAt, deps);
    return answer.message;
  });
  return answer ?? { message };
}

async function showLogsOf(
  incident: Incident | undefined,
  who: Who,
  requestedAt: Date,
  deps: LogsDeps,
): Promise<LogsReply> {
  const me = await requester(who, deps);
  const logs = incident?.logs;
  const name = incident?.alarmName ?? 'unknown';
  const at = {
    ...(incident?.accountId ? { accountId: incident.accountId } : {}),
    region: incident?.region ?? deps.region,
  };
  if (!incident || !logs) {
    return {
      message: formatLogsProblem(
        'No log group is linked to this alarm: Lamplighter shows logs for alarms on a log metric filter.',
      ),
    };
  }
  if (!maySearch(deps.access, me, logs.logGroup)) {
    await audit(deps, who, 'show-logs', name, 'refused', logs.logGroup, at);
    return { message: formatLogsProblem(`You may not search ${logs.logGroup} here.`) };
  }
  const cmd: LogsSearch = {
    kind: 'search',
    group: logs.logGroup,
    pattern: logs.filterPattern,
    start: logs.window.start,
    end: incident.resolvedAt ?? requestedAt,
    rangeLabel: 'the alarm window',
    limit: 50,
    share: false,
  };
  // The alarm's own account and region: a member account's alarm is read through its member role.
  const port = deps.logsIn ? await deps.logsIn({ accountId: incident.accountId, region: incident.region }) : deps.logs;
  const reply = await audited(deps, who, 'show-logs', name, logs.logGroup, at, async () =>
    formatSearchResult(await searchLogs(cmd, logs.logGroup, port), deps),
  );
  return incident.accountId ? inAccount(reply, incident.accountId) : reply;
}

/** An answer about another account: its console links open there (account-links.ts). */
const inAccount = (reply: LogsReply, accountId: string): LogsReply => ({
  ...reply,
  message: { ...reply.message, account: accountId },
});
