import { audit, type Who } from '../../kernel/access/audit';
import { guarded, type GuardDeps } from '../../kernel/access/guard';
import { withSlackRetry } from '../../kernel/retry';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { formatTimeOfDay, mentionUser } from '../../kernel/slack/format';
import type { SlackPort } from '../../kernel/slack/port';
import { mrkdwn, reply } from '../../kernel/slack/text';
import type { AnomalyFeedback, AnomalyFeedbackPort } from './ports';

/** The anomaly message's feedback buttons: stable ids, each with what it tells Cost Explorer. */
export const ANOMALY_ACTIONS = {
  planned: 'anomaly_planned',
  notAnIssue: 'anomaly_not_an_issue',
  investigating: 'anomaly_investigating',
} as const;

const FEEDBACK: Readonly<Record<string, { feedback: AnomalyFeedback; label: string; said: string }>> = {
  [ANOMALY_ACTIONS.planned]: { feedback: 'PLANNED_ACTIVITY', label: 'Expected', said: 'marked planned' },
  [ANOMALY_ACTIONS.notAnIssue]: { feedback: 'NO', label: 'Not an issue', said: 'marked not an issue' },
  [ANOMALY_ACTIONS.investigating]: { feedback: 'YES', label: 'Investigating', said: 'being investigated' },
};

export const anomalyButtons = () => Object.entries(FEEDBACK).map(([actionId, f]) => ({ actionId, label: f.label }));

/** The context block that says who judged the anomaly; a later judgement replaces it. */
const FEEDBACK_BLOCK = 'anomaly_feedback';

export interface AnomalyClick {
  actionId: string;
  anomalyId: string;
  channel: string;
  messageTs?: string;
  /** The message's attachments, as Slack sent them back with the click. */
  attachments?: unknown;
}

/**
 * Expected, Not an issue or Investigating on a Cost Anomaly message: the feedback reaches Cost
 * Explorer (ProvideAnomalyFeedback: PLANNED_ACTIVITY, NO, YES), is audited, and the message says
 * who judged it ("Marked planned by @alice at 10:15"). A responder's call, like Expected on a
 * spend warning; a later click changes the judgement, as the console allows.
 */
export async function giveAnomalyFeedback(
  click: AnomalyClick,
  who: Who,
  deps: GuardDeps & { anomalies: AnomalyFeedbackPort; slack: SlackPort; deadline: () => number },
): Promise<SlackMessage> {
  const choice = Object.hasOwn(FEEDBACK, click.actionId) ? FEEDBACK[click.actionId]! : undefined;
  if (!choice || !/^[A-Za-z0-9-]{1,64}$/.test(click.anomalyId))
    return reply(':warning: This button does not name an anomaly Lamplighter can judge.');
  return guarded(deps, who, { action: 'ack', audited: 'anomaly-feedback', target: click.anomalyId }, async () => {
    await deps.anomalies.provide(click.anomalyId, choice.feedback);
    const at = deps.now();
    await audit(deps, who, 'anomaly-feedback', click.anomalyId, choice.feedback);
    const note = `:memo: ${choice.said[0]!.toUpperCase()}${choice.said.slice(1)} by ${mentionUser(who.user)} at ${formatTimeOfDay(at)}`;
    const first = Array.isArray(click.attachments)
      ? (click.attachments as Array<{ color?: string; blocks?: Block[] }>)[0]
      : undefined;
    if (click.messageTs && first?.blocks) {
      // Our own message, as Slack returned it with the click: the buttons stay, the note replaces any earlier one.
      const blocks: Block[] = first.blocks
        .filter((b) => !(b.type === 'context' && b.block_id === FEEDBACK_BLOCK))
        .concat({ type: 'context', block_id: FEEDBACK_BLOCK, elements: [mrkdwn(note)] });
      const ts = click.messageTs;
      await withSlackRetry(
        () =>
          deps.slack.updateMessage(click.channel, ts, {
            text: note,
            attachments: [{ color: first.color ?? '#FF9900', blocks }],
          }),
        { deadline: deps.deadline },
      );
    }
    return reply(`:white_check_mark: Told Cost Explorer: ${choice.said}.`);
  });
}
