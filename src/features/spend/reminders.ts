import { noteOnce } from '../../kernel/delivery/post-once';
import { audit, type Who } from '../../kernel/access/audit';
import { guarded, type GuardDeps } from '../../kernel/access/guard';
import type { Logger } from '../../kernel/log';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode, mentionUser } from '../../kernel/slack/format';
import type { SlackPort } from '../../kernel/slack/port';
import { escapeMrkdwn, reply } from '../../kernel/slack/text';
import { formatUsd } from './money';
import type { Reminder, ReminderStore, ResourceChecker, SpendGroupStore } from './ports';

const DAY_MS = 24 * 3600_000;

const what = (r: Reminder['reminder']) =>
  `${escapeMrkdwn(r.resourceKind)}${r.resourceId ? ` ${inlineCode(r.resourceId)}` : ''}`;

/** "Remind me in 24h": the sweeper checks the resource then, in the warning's thread. */
export async function setSpendInfo(
  click: { reminder: string; channel: string; messageTs?: string },
  who: Who,
  deps: GuardDeps & { reminders: ReminderStore; spendInfo: Pick<SpendGroupStore, 'getSpendInfo'> },
): Promise<SlackMessage> {
  return guarded(deps, who, { action: 'ack', audited: 'remind', target: 'spend' }, async () => {
    // The button carries only the event id; what to check is what the cost guard recorded.
    const reminder = await deps.spendInfo.getSpendInfo(click.reminder);
    if (!reminder || !click.messageTs)
      return reply(':warning: Lamplighter no longer has the details of that warning; nothing was set.');
    const dueAt = new Date(deps.now().getTime() + DAY_MS);
    await deps.reminders.putReminder({ dueAt, channel: click.channel, ts: click.messageTs, user: who.user, reminder });
    await audit(deps, who, 'remind', reminder.resourceId ?? reminder.eventId, 'set', dueAt.toISOString());
    return reply(`:alarm_clock: I will check on ${what(reminder)} at ${formatUtc(dueAt)}, in the warning's thread.`);
  });
}

/** The reminder's text: gone, still there (and what it has cost), or cannot tell. */
export function reminderText(r: Reminder, exists: boolean | undefined, now: Date): string {
  const { reminder } = r;
  const created = reminder.createdAt ? new Date(reminder.createdAt).getTime() : NaN;
  const hours = Number.isFinite(created) ? Math.max(0, (now.getTime() - created) / 3600_000) : 24;
  const cost =
    reminder.hourly !== undefined
      ? ` At ${formatUsd(reminder.hourly)}/hour it has cost about ${formatUsd(reminder.hourly * hours)} over ${Math.round(hours)} h.`
      : '';
  const whom = `:alarm_clock: ${mentionUser(r.user)}`;
  if (exists === false)
    return `${whom} ${what(reminder)} is gone.${reminder.hourly !== undefined ? ' It no longer costs anything.' : ''}`;
  if (exists === true) return `${whom} ${what(reminder)} still exists.${cost}`;
  return `${whom} a reminder about ${what(reminder)}: Lamplighter cannot check whether it still exists.${cost ? ` If it does:${cost}` : ''}`;
}

/** The sweeper's part: due reminders say whether the resource is still there, and what it has cost. */
export async function sendDueReminders(deps: {
  reminders: ReminderStore;
  resources: ResourceChecker;
  slack: SlackPort;
  now: () => Date;
  deadline: () => number;
  log: Logger;
}): Promise<number> {
  let sent = 0;
  const now = deps.now();
  for (const r of await deps.reminders.dueReminders(now)) {
    try {
      const { reminder } = r;
      let exists: boolean | undefined;
      try {
        exists =
          reminder.resourceId && reminder.region
            ? await deps.resources.exists(reminder.service, reminder.region, reminder.resourceId, reminder.accountId)
            : undefined;
      } catch (err) {
        // Access denied, an unknown region…: say "cannot check" rather than retry forever.
        deps.log.warn('could not check whether the resource exists', { eventId: reminder.eventId, error: err });
      }
      const text = reminderText(r, exists, now);
      await noteOnce(
        deps.slack,
        { channel: r.channel, ts: r.ts },
        reply(text),
        `remind|${r.reminder.eventId}|${r.dueAt.toISOString()}`,
        { deadline: deps.deadline },
      );
      await deps.reminders.deleteReminder(r);
      sent++;
    } catch (err) {
      deps.log.error('could not send a reminder; the next pass retries', { eventId: r.reminder.eventId, error: err });
    }
  }
  return sent;
}
