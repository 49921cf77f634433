import { HERE, whereText, type Resolved } from '../../kernel/where';
import type { AlarmInfo } from './ports';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { mentionUser } from '../../kernel/slack/format';
import { alarmConsoleUrl } from '../../kernel/aws/console-urls';
import { formatTimeOfDay, formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link, section, textMessage } from '../../kernel/slack/text';

const plain = (mrkdwn: string): SlackMessage => textMessage(mrkdwn);

/** The sweeper's re-post of an alarm nobody acknowledged; the mention is a configured group id. */
export function escalationNote(alarmName: string, minutes: number, oncallGroupId: string | undefined): SlackMessage {
  const who = oncallGroupId ? `<!subteam^${oncallGroupId}> ` : '';
  const body = `:rotating_light: *${escapeMrkdwn(alarmName)}* has been in ALARM for ${minutes} min and nobody has acknowledged it.`;
  // Added after the untrusted text was escaped, and kept in the notification text so it notifies.
  const note = plain(body);
  return { ...note, text: `${who}${note.text}`, blocks: [section(`${who}${body}`)] };
}

export function ackThreadNote(user: string, at: Date): SlackMessage {
  return plain(`:white_check_mark: Acknowledged by ${mentionUser(user)} at ${formatTimeOfDay(at)}`);
}

export function muteThreadNote(user: string, until: Date, actions: boolean): SlackMessage {
  return plain(
    `:mute: Muted by ${mentionUser(user)} until ${formatUtc(until)}${actions ? '; its CloudWatch actions are disabled until then' : ''}. Changes still come to this thread, quietly.`,
  );
}

export function unmuteThreadNote(user: string | undefined, actionsReenabled: boolean): SlackMessage {
  return plain(
    `:loud_sound: Mute ended${user ? ` by ${mentionUser(user)}` : ' (its time was up)'}${actionsReenabled ? '; CloudWatch actions re-enabled' : ''}.`,
  );
}

export interface FiringAlarm {
  alarm: AlarmInfo;
  ackBy?: string;
  mutedUntil?: Date;
}

export function formatFiring(
  list: FiringAlarm[],
  filter: string,
  partition: string,
  where: Resolved = HERE,
): SlackMessage {
  const matching = `${filter ? ` matching ${inlineCode(filter)}` : ''}${whereText(where)}`;
  const account = where.place.accountId ? { account: where.place.accountId } : {};
  if (list.length === 0) return { ...plain(`:large_green_circle: No alarms in ALARM${matching}.`), ...account };
  const lines = list.slice(0, 40).map(({ alarm, ackBy, mutedUntil }) => {
    const status = [
      ackBy ? `acknowledged by ${mentionUser(ackBy)}` : 'not acknowledged',
      mutedUntil ? `muted until ${formatTimeOfDay(mutedUntil)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `• :red_circle: ${link(alarmConsoleUrl(partition, alarm.region, alarm.name), alarm.name)}${alarm.since ? ` since ${formatUtc(alarm.since)}` : ''} · ${status}`;
  });
  const more = list.length > 40 ? `\n…and ${list.length - 40} more` : '';
  const head = `*${list.length} alarm${list.length === 1 ? '' : 's'} in ALARM*${matching}`;
  return { ...plain(head), blocks: [section(head), section(lines.join('\n') + more)], ...account };
}
