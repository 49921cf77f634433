import * as z from 'zod/mini';
import { errorMessage } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import type { SlackMessage } from '../../kernel/slack/blocks';
import {
  formatGroups,
  formatInsights,
  formatLogsProblem,
  formatResolution,
  formatSearchResult,
  formatUsage,
  type LogsReply,
} from '../../features/logs/format';
import { withSlackRetry } from '../../kernel/retry';
import { context } from '../../kernel/slack/text';
import type { ResponseUrlMessage, SlackPort } from '../../kernel/slack/port';
import type { IncidentStore } from '../../kernel/state';
import { maySearch, type LogsAccess, type Requester } from '../../features/logs/access';
import { LOGS_USAGE, parseLogsCommand, type LogsSearch } from '../../features/logs/command';
import { LogsError, type LogsPort } from '../../features/logs/port';
import { listGroups, resolveGroup, runInsights, searchLogs } from '../../features/logs/search';
import { memberOf } from '../../kernel/access/user-groups';
import {
  cancelSnapshot,
  confirmSnapshot,
  markSpendExpected,
  runIncidentCommand,
  setSpendReminder,
  type ActionDeps,
} from '../../features/incidents/incident-actions';
import { parseIncidentCommand, USAGE } from '../../features/incidents/commands';

/** Slow work the gateway hands to the worker, after acknowledging Slack within 3 seconds. */
export const INCIDENT_COMMANDS = ['/ack', '/mute', '/unmute', '/alarms', '/trail', '/snapshot'] as const;
export type IncidentCommandName = (typeof INCIDENT_COMMANDS)[number];

export type Job =
  | { kind: 'logs'; text: string; user: string; channel: string; responseUrl?: string; requestedAt: string }
  | { kind: 'show-logs'; alarmKey: string; user: string; channel: string; responseUrl?: string; requestedAt: string }
  | {
      kind: 'incident';
      command: IncidentCommandName;
      text: string;
      user: string;
      channel: string;
      responseUrl?: string;
      requestedAt: string;
    }
  | {
      kind: 'snapshot-confirm';
      request: string;
      user: string;
      channel: string;
      responseUrl?: string;
      requestedAt: string;
    }
  | {
      kind: 'snapshot-cancel';
      target: string;
      user: string;
      channel: string;
      responseUrl?: string;
      requestedAt: string;
    }
  | {
      kind: 'spend-remind';
      reminder: string;
      messageTs?: string;
      user: string;
      channel: string;
      responseUrl?: string;
      requestedAt: string;
    }
  | {
      kind: 'spend-expected';
      eventId: string;
      messageTs?: string;
      attachments?: unknown;
      user: string;
      channel: string;
      responseUrl?: string;
      requestedAt: string;
    };

export interface JobDeps {
  logs: LogsPort;
  access: LogsAccess;
  aliases: Readonly<Record<string, string>>;
  partition: string;
  region: string;
  slack: SlackPort;
  respond: (url: string, message: ResponseUrlMessage) => Promise<void>;
  incidents?: IncidentStore;
  /** The incident commands' collaborators; absent where they are not deployed. */
  actions?: Omit<ActionDeps, 'slack' | 'deadline' | 'log'>;
  deadline: () => number;
  log: Logger;
}

const toResponse = (m: SlackMessage): ResponseUrlMessage => ({
  text: m.text,
  ...(m.blocks ? { blocks: m.blocks } : {}),
});

/**
 * Answers the requester through the response_url: privately, or in the channel with --share
 * (which works in DMs and private channels too, where the bot may not be). The answer goes
 * first; a file with the whole result follows, best effort, so a failed upload costs only the file.
 */
async function answer(job: Job, reply: LogsReply, share: boolean, deps: JobDeps, replace = false): Promise<void> {
  // Two tries at most: a response_url allows five uses in all.
  const budget = { deadline: deps.deadline, maxAttempts: 2 };
  let message = reply.message;
  if (reply.file && !share) {
    message = {
      ...message,
      blocks: [...(message.blocks ?? []), context('The whole result is in your direct messages with Lamplighter.')],
    };
  }
  if (job.responseUrl) {
    await withSlackRetry(
      () =>
        deps.respond(job.responseUrl!, {
          ...toResponse(message),
          ...(share ? { response_type: 'in_channel' as const } : {}),
          ...(replace ? { replace_original: true } : {}),
        }),
      budget,
    );
  } else {
    await withSlackRetry(() => deps.slack.postMessage(share ? job.channel : job.user, message), budget);
  }
  if (!reply.file) return;
  try {
    const channel = share ? job.channel : await withSlackRetry(() => deps.slack.openDirectMessage(job.user), budget);
    await withSlackRetry(
      () => deps.slack.uploadFile({ channel, ...reply.file!, comment: 'The whole result of the /logs search' }),
      budget,
    );
  } catch (err) {
    deps.log.warn('could not upload the whole result; the answer itself was sent', {
      job: job.kind,
      user: job.user,
      error: err,
    });
  }
}

async function runSearch(job: Job, cmd: LogsSearch, who: Requester, deps: JobDeps): Promise<LogsReply> {
  const resolved = await resolveGroup(cmd.group, deps, who);
  if (resolved.kind !== 'found') return { message: formatResolution(resolved) };
  const result = await searchLogs(cmd, resolved.group, deps.logs);
  return formatSearchResult(result, deps);
}

/** The requester, with user groups when the /logs policy names any. */
async function logsRequester(job: Job, deps: JobDeps): Promise<Requester> {
  const groups = (deps.access.policy ?? []).flatMap((r) => r.userGroups ?? []);
  if (!groups.length) return { user: job.user, channel: job.channel };
  return { user: job.user, channel: job.channel, userGroups: await memberOf(job.user, groups, deps.slack, deps.log) };
}

async function replyFor(job: Job, deps: JobDeps): Promise<{ reply: LogsReply; share: boolean; replace?: boolean }> {
  const who =
    job.kind === 'logs' || job.kind === 'show-logs'
      ? await logsRequester(job, deps)
      : { user: job.user, channel: job.channel };
  if (job.kind !== 'logs' && job.kind !== 'show-logs') {
    if (!deps.actions)
      return {
        reply: { message: formatLogsProblem('Incident commands are not set up here (no state table).') },
        share: false,
      };
    const actionDeps: ActionDeps = { ...deps.actions, slack: deps.slack, deadline: deps.deadline, log: deps.log };
    if (job.kind === 'snapshot-confirm') {
      return { reply: { message: await confirmSnapshot(job.request, who, actionDeps) }, share: false, replace: true };
    }
    if (job.kind === 'snapshot-cancel') {
      return { reply: { message: await cancelSnapshot(job.target, who, actionDeps) }, share: false, replace: true };
    }
    if (job.kind === 'spend-remind') {
      return {
        reply: {
          message: await setSpendReminder(
            { reminder: job.reminder, channel: job.channel, messageTs: job.messageTs },
            who,
            actionDeps,
          ),
        },
        share: false,
      };
    }
    if (job.kind === 'spend-expected') {
      return {
        reply: {
          message: await markSpendExpected(
            { eventId: job.eventId, channel: job.channel, messageTs: job.messageTs, attachments: job.attachments },
            who,
            actionDeps,
          ),
        },
        share: false,
      };
    }
    const parsed = parseIncidentCommand(job.command, job.text, new Date(job.requestedAt));
    if (!parsed.ok) return { reply: { message: formatUsage(parsed.error, USAGE[job.command] ?? '') }, share: false };
    return { reply: { message: await runIncidentCommand(parsed.command, who, actionDeps) }, share: false };
  }
  if (job.kind === 'show-logs') {
    const incident = await deps.incidents?.get(job.alarmKey);
    const logs = incident?.logs;
    if (!incident || !logs) {
      return {
        reply: {
          message: formatLogsProblem(
            'No log group is linked to this alarm: Lamplighter shows logs for alarms on a log metric filter.',
          ),
        },
        share: false,
      };
    }
    if (!maySearch(deps.access, who, logs.logGroup))
      return { reply: { message: formatLogsProblem(`You may not search ${logs.logGroup} here.`) }, share: false };
    const end = incident.resolvedAt ?? new Date(job.requestedAt);
    const cmd: LogsSearch = {
      kind: 'search',
      group: logs.logGroup,
      pattern: logs.filterPattern,
      start: logs.window.start,
      end,
      rangeLabel: 'the alarm window',
      limit: 50,
      share: false,
    };
    return { reply: formatSearchResult(await searchLogs(cmd, logs.logGroup, deps.logs), deps), share: false };
  }
  const parsed = parseLogsCommand(job.text, new Date(job.requestedAt));
  if (!parsed.ok) return { reply: { message: formatUsage(parsed.error, LOGS_USAGE) }, share: false };
  const cmd = parsed.command;
  if (cmd.kind === 'groups')
    return {
      reply: { message: formatGroups(cmd.prefix, await listGroups(cmd.prefix, deps.logs, deps.access, who)) },
      share: false,
    };
  if (cmd.kind === 'insights') {
    const resolved = await resolveGroup(cmd.group, deps, who);
    if (resolved.kind !== 'found') return { reply: { message: formatResolution(resolved) }, share: false };
    return {
      reply: formatInsights(
        await runInsights(cmd, resolved.group, deps.logs, { deadline: () => deps.deadline() - 3000 }),
      ),
      share: cmd.share,
    };
  }
  return { reply: await runSearch(job, cmd, who, deps), share: cmd.share };
}

/** Runs one job and answers it. AWS failures become answers; only a failed answer throws. */
export async function runJob(job: Job, deps: JobDeps): Promise<void> {
  let outcome: { reply: LogsReply; share: boolean; replace?: boolean };
  try {
    outcome = await replyFor(job, deps);
  } catch (err) {
    if (!(err instanceof LogsError)) deps.log.error('job failed', { job: job.kind, user: job.user, error: err });
    const text = err instanceof LogsError ? err.message : `Lamplighter could not finish that: ${errorMessage(err)}`;
    outcome = { reply: { message: formatLogsProblem(text) }, share: false };
  }
  deps.log.info('job answered', {
    job: job.kind === 'incident' ? job.command : job.kind,
    user: job.user,
    channel: job.channel,
    share: outcome.share,
    file: Boolean(outcome.reply.file),
  });
  await answer(job, outcome.reply, outcome.share, deps, outcome.replace);
}

const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('incident'),
    command: z.enum(INCIDENT_COMMANDS),
    text: z.string(),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('snapshot-confirm'),
    request: z.string(),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('snapshot-cancel'),
    target: z.string(),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('spend-remind'),
    reminder: z.string(),
    messageTs: z.optional(z.string()),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('spend-expected'),
    eventId: z.string(),
    messageTs: z.optional(z.string()),
    attachments: z.optional(z.unknown()),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('logs'),
    text: z.string(),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
  z.object({
    kind: z.literal('show-logs'),
    alarmKey: z.string(),
    user: z.string(),
    channel: z.string(),
    responseUrl: z.optional(z.string()),
    requestedAt: z.string(),
  }),
]);

/** The worker's boundary: a job as the gateway sent it, or undefined. */
export function parseJob(input: unknown): Job | undefined {
  const parsed = jobSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}
