import type { Who } from '../../kernel/access/audit';
import { memberOf } from '../../kernel/access/user-groups';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import type { IncidentStore } from '../alarms/incident';
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
import type { LogsPort } from './port';
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

/** `/logs …`: a search, a Logs Insights query, or the groups you may search. */
export async function runLogs(text: string, who: Who, requestedAt: Date, deps: LogsDeps): Promise<LogsAnswer> {
  const parsed = parseLogsCommand(text, requestedAt);
  if (!parsed.ok) return { reply: { message: formatUsage(parsed.error, LOGS_USAGE) }, share: false };
  const cmd = parsed.command;
  const where = cmd.where ? await placeOf(cmd.where, deps) : undefined;
  if (typeof where === 'string') return { reply: { message: formatUsage(where, LOGS_USAGE) }, share: false };
  // Another account or region: the same search, through that account's member role.
  if (where) {
    const answer = await runLogsIn(cmd, who, { ...deps, logs: where.logs, region: where.region }, where.label);
    return where.accountId ? { ...answer, reply: inAccount(answer.reply, where.accountId) } : answer;
  }
  return runLogsIn(cmd, who, deps, undefined);
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
): Promise<LogsAnswer> {
  // The answer says where it searched, beside when.
  const cmd =
    place && command.kind !== 'groups' ? { ...command, rangeLabel: `${command.rangeLabel}, in ${place}` } : command;
  const me = await requester(who, deps);
  if (cmd.kind === 'groups')
    return {
      reply: { message: formatGroups(cmd.prefix, await listGroups(cmd.prefix, deps.logs, deps.access, me)) },
      share: false,
    };
  const resolved = await resolveGroup(cmd.group, deps, me);
  if (resolved.kind !== 'found') return { reply: { message: formatResolution(resolved) }, share: false };
  if (cmd.kind === 'insights') {
    const result = await runInsights(cmd, resolved.group, deps.logs, { deadline: () => deps.deadline() - 3000 });
    return { reply: formatInsights(result), share: cmd.share };
  }
  return { reply: formatSearchResult(await searchLogs(cmd, resolved.group, deps.logs), deps), share: cmd.share };
}

/** Show logs on an alarm message: the alarm's metric filter, over the alarm's window. */
export async function showLogs(alarmKey: string, who: Who, requestedAt: Date, deps: LogsDeps): Promise<LogsReply> {
  const me = await requester(who, deps);
  const incident = await deps.incidents?.get(alarmKey);
  const logs = incident?.logs;
  if (!incident || !logs) {
    return {
      message: formatLogsProblem(
        'No log group is linked to this alarm: Lamplighter shows logs for alarms on a log metric filter.',
      ),
    };
  }
  if (!maySearch(deps.access, me, logs.logGroup))
    return { message: formatLogsProblem(`You may not search ${logs.logGroup} here.`) };
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
  const reply = formatSearchResult(await searchLogs(cmd, logs.logGroup, port), deps);
  return incident.accountId ? inAccount(reply, incident.accountId) : reply;
}

/** An answer about another account: its console links open there (account-links.ts). */
const inAccount = (reply: LogsReply, accountId: string): LogsReply => ({
  ...reply,
  message: { ...reply.message, account: accountId },
});
