import { errorMessage } from '../../kernel/errors';
import { bookForWhere, resolveWhere, unreachable, withOwnAccount } from '../../kernel/where';
import { placeOfArn } from '../../kernel/aws/place';
import { showChanges } from '../../features/changes/show';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { muteFor, parseIncidentCommand, USAGE, type ParsedIncident } from '../../features/incidents/commands';
import { runIncidentCommand, type CommandDeps } from '../../features/incidents/run';
import { acknowledgeStorm, muteStorm, type StormDeps } from '../../features/incidents/storm';
import { formatLogsProblem, formatUsage } from '../../features/logs/format';
import { LogsError } from '../../features/logs/port';
import { runLogs, showLogs, type LogsAnswer, type LogsDeps } from '../../features/logs/run';
import { cancelSnapshot, confirmSnapshot } from '../../features/snapshots/confirm';
import { markSpendExpected } from '../../features/spend/expected';
import { setSpendInfo } from '../../features/spend/reminders';
import type { AnomalyFeedbackPort, SpendGroupStore, ReminderStore } from '../../features/spend/ports';
import { giveAnomalyFeedback } from '../../features/spend/anomaly-feedback';
import { answer, type AnswerDeps } from './answer';
import type { Job } from './job';

/** The action commands' and buttons' collaborators, built once per container. */
export type ActionDeps = Omit<CommandDeps, 'slack' | 'deadline' | 'log'> & {
  reminders: ReminderStore;
  spendInfo: Pick<SpendGroupStore, 'getSpendInfo'>;
  anomalies: AnomalyFeedbackPort;
  /** The channels' flows: a storm's alarms, for its Acknowledge all and Mute all. */
  flows: StormDeps['flows'];
};

export interface WorkerDeps extends AnswerDeps, Omit<LogsDeps, 'slack'> {
  /** Absent where no state table is deployed: the action commands say they are not set up. */
  actions?: ActionDeps;
}

type Outcome = LogsAnswer & { replace?: boolean };

const only = (message: SlackMessage, replace = false): Outcome => ({ reply: { message }, share: false, replace });

/** A parsed action command runs where it points; a bad one (or an account it cannot name) gets its usage. */
async function command(parsed: ParsedIncident, usage: string, job: Job, deps: CommandDeps): Promise<Outcome> {
  if (!parsed.ok) return only(formatUsage(parsed.error, usage));
  const cmd = parsed.command;
  // An alarm ARN typed in a command points at its account just as `--account` does: the same
  // check. (A button's ARN is our own message's, for an account an event came from.)
  const typed = job.kind === 'incident' && 'alarm' in cmd ? placeOfArn(cmd.alarm).accountId : undefined;
  const named = typed ?? cmd.where?.account;
  const book = withOwnAccount(
    await bookForWhere(named ? { account: named } : undefined, deps.accountNames, deps.accounts),
    deps.organisation && named ? await deps.ownAccount?.() : undefined,
  );
  const refused = typed && deps.organisation ? unreachable(typed, book) : undefined;
  if (refused) return only(formatUsage(refused, usage));
  const where = resolveWhere(cmd.where, book, deps.organisation ?? false);
  if (typeof where === 'string') return only(formatUsage(where, usage));
  return only(await runIncidentCommand(parsed.command, { user: job.user, channel: job.channel }, deps, where));
}

/** One flat table from job kind to use case. */
async function outcomeOf(job: Job, deps: WorkerDeps): Promise<Outcome> {
  const who = { user: job.user, channel: job.channel };
  const requestedAt = new Date(job.requestedAt);
  if (job.kind === 'logs') return runLogs(job.text, who, requestedAt, deps);
  if (job.kind === 'show-logs') return { reply: await showLogs(job.alarmKey, who, requestedAt, deps), share: false };
  if (!deps.actions) return only(formatLogsProblem('Incident commands are not set up here (no state table).'));
  const actions = { ...deps.actions, slack: deps.slack, deadline: deps.deadline, log: deps.log };
  switch (job.kind) {
    case 'incident':
      return command(parseIncidentCommand(job.command, job.text, requestedAt), USAGE[job.command], job, actions);
    case 'alarm-ack':
      return command({ ok: true, command: { kind: 'ack', alarm: job.alarmKey } }, USAGE['/ack'], job, actions);
    case 'alarm-changes':
      return only(await showChanges(job.alarmKey, who, actions));
    case 'alarm-mute':
      return command(muteFor(job.alarmKey, job.duration, false), USAGE['/mute'], job, actions);
    case 'storm-ack':
      return only(await acknowledgeStorm(job.storm, who, actions));
    case 'storm-mute':
      return only(await muteStorm(job.storm, job.duration, who, actions));
    case 'snapshot-confirm':
      return only(await confirmSnapshot(job.request, who, actions), true);
    case 'snapshot-cancel':
      return only(await cancelSnapshot(job.target, who, actions), true);
    case 'spend-remind':
      return only(
        await setSpendInfo({ reminder: job.reminder, channel: job.channel, messageTs: job.messageTs }, who, actions),
      );
    case 'anomaly-feedback':
      return only(
        await giveAnomalyFeedback(
          {
            actionId: job.actionId,
            anomalyId: job.anomalyId,
            channel: job.channel,
            messageTs: job.messageTs,
            attachments: job.attachments,
          },
          who,
          actions,
        ),
      );
    case 'spend-expected':
      return only(
        await markSpendExpected(
          { eventId: job.eventId, channel: job.channel, messageTs: job.messageTs, attachments: job.attachments },
          who,
          actions,
        ),
      );
  }
}

/** Runs one job and answers it. AWS failures become answers; only a failed answer throws. */
export async function runJob(job: Job, deps: WorkerDeps): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = await outcomeOf(job, deps);
  } catch (err) {
    if (!(err instanceof LogsError)) deps.log.error('job failed', { job: job.kind, user: job.user, error: err });
    const text = err instanceof LogsError ? err.message : `Lamplighter could not finish that: ${errorMessage(err)}`;
    outcome = only(formatLogsProblem(text));
  }
  // The account is first-class in the log too: a button names its incident's alarm.
  const { accountId } = placeOfArn('alarmKey' in job ? job.alarmKey : undefined);
  deps.log.info('job answered', {
    job: job.kind === 'incident' ? job.command : job.kind,
    user: job.user,
    channel: job.channel,
    ...(accountId ? { account: accountId } : {}),
    share: outcome.share,
    file: Boolean(outcome.reply.file),
  });
  await answer(job, outcome.reply, outcome, deps);
}
