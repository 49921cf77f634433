import { changeTargets } from '../changes/targets';
import { trimEndOf } from '../../kernel/untrusted';
import { tagValue } from './tags';
import { accountText } from '../../kernel/accounts';
import { alarmKey, type AlarmNotification, type AlarmState } from './alarm';
import { regionName } from '../../kernel/aws/regions';
import type { LogExcerpt } from './log-excerpt';
import { logBlocks } from './format-logs';
import { describeCondition, dimensionsText } from './condition';
import type { Block, ButtonElement, SlackMessage, StaticSelectElement } from '../../kernel/slack/blocks';
import { alarmConsoleUrl } from '../../kernel/aws/console-urls';
import { formatDuration, formatTimeOfDay, formatUtc, inlineCode, mentionUser } from '../../kernel/slack/format';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fieldsSection,
  fitMrkdwn,
  header,
  link,
  LIMITS,
  notificationText,
  section,
} from '../../kernel/slack/text';

/** Stable action ids: the command handlers route on these, so they never change. */
export const ALARM_ACTIONS = {
  acknowledge: 'alarm_acknowledge',
  mute: 'alarm_mute',
  showLogs: 'alarm_show_logs',
  whatChanged: 'alarm_what_changed',
  openConsole: 'alarm_open_console',
  runbook: 'alarm_runbook',
} as const;

export const STATE_STYLE: Readonly<Record<AlarmState, { color: string; emoji: string; label: string }>> = {
  ALARM: { color: '#D13212', emoji: ':red_circle:', label: 'ALARM' },
  OK: { color: '#2EB67D', emoji: ':large_green_circle:', label: 'OK' },
  INSUFFICIENT_DATA: { color: '#9CA3AF', emoji: ':white_circle:', label: 'INSUFFICIENT DATA' },
};

/** What the store knows about the incident this message stands for. */
export interface IncidentView {
  openedAt: Date;
  transitions: number;
  flaps: number;
  /** True once the incident has been in ALARM: an OK then reads "Resolved". */
  wasAlarming: boolean;
  ackBy?: string;
  ackAt?: Date;
  mutedUntil?: Date;
  mutedBy?: string;
}

/** The durations the Mute menu offers; the values are what `/mute` accepts too. */
export const MUTE_CHOICES = [
  ['1h', 'Mute for 1 hour'],
  ['4h', 'Mute for 4 hours'],
  ['24h', 'Mute for 24 hours'],
] as const;

/** A mention of a Slack user id we were given by Slack itself (never by a payload's free text). */
export interface AlarmMessageInput {
  alarm: AlarmNotification;
  incident?: IncidentView;
  logs?: LogExcerpt;
}

function regionText(alarm: AlarmNotification): string {
  if (!alarm.region) return escapeMrkdwn(alarm.regionDisplayName ?? 'unknown');
  const name = regionName(alarm.region) ?? alarm.regionDisplayName;
  return `${inlineCode(alarm.region)}${name ? ' · ' + escapeMrkdwn(name) : ''}`;
}

function stateLabel(alarm: AlarmNotification, incident: IncidentView | undefined): string {
  if (alarm.state === 'OK' && incident?.wasAlarming) return 'RESOLVED';
  return STATE_STYLE[alarm.state].label;
}

/**
 * Who has it and, once resolved, how long it lasted: a line of its own under the header, where
 * the channel reads it (the thread keeps the timeline, but the message is what people see).
 */
function statusLine(alarm: AlarmNotification, incident: IncidentView | undefined, label: string): string | undefined {
  const ack = incident?.ackBy
    ? `${mentionUser(incident.ackBy)}${incident.ackAt ? ` at ${formatTimeOfDay(incident.ackAt)}` : ''}`
    : undefined;
  if (label === 'RESOLVED' && incident) {
    const end = alarm.stateChangeTime;
    const lasted =
      end && end >= incident.openedAt ? ` after ${formatDuration(end.getTime() - incident.openedAt.getTime())}` : '';
    return `:white_check_mark: Resolved${lasted}${ack ? ` · acknowledged by ${ack}` : ''}`;
  }
  return ack ? `:eyes: Acknowledged by ${ack}` : undefined;
}

/**
 * The live incident message for an alarm: state, what, where, since when, the condition,
 * matching log lines, and the Acknowledge / Mute / Show logs buttons.
 */
export function formatAlarm(input: AlarmMessageInput): SlackMessage {
  const { alarm, incident, logs } = input;
  const style = STATE_STYLE[alarm.state];
  const label = stateLabel(alarm, incident);
  const consoleUrl = alarmConsoleUrl(alarm.partition, alarm.region, alarm.alarmName);
  const more = link(consoleUrl, 'full text in the AWS console');
  const blocks: Block[] = [header(`${style.emoji} ${label}: ${alarm.alarmName}`)];

  const status = statusLine(alarm, incident, label);
  if (status) blocks.push(section(status));

  const lines: string[] = [];
  if (alarm.description) lines.push(`*${escapeMrkdwn(alarm.description)}*`);
  if (alarm.reason) lines.push(escapeMrkdwn(alarm.reason));
  if (lines.length) blocks.push(section(lines.join('\n'), more));

  const fields: Array<[string, string]> = [];
  const since = incident?.openedAt ?? alarm.stateChangeTime;
  fields.push([
    'State',
    `${style.emoji} ${label}${alarm.previousState ? ` (was ${STATE_STYLE[alarm.previousState].label})` : ''}`,
  ]);
  fields.push(['Changed', formatUtc(alarm.stateChangeTime)]);
  if (incident && since) fields.push(['Incident since', formatUtc(since)]);
  fields.push(['Account', accountText(alarm.accountId, alarm.accountName)]);
  fields.push(['Region', regionText(alarm)]);
  const owner = tagValue(alarm, 'owner');
  if (owner) fields.push(['Owner', ownerText(owner)]);
  const metric = alarm.condition?.metric;
  if (metric && metric.dimensions.length) fields.push(['Dimensions', escapeMrkdwn(dimensionsText(metric))]);
  blocks.push(fieldsSection(fields));

  const condition = describeCondition(alarm);
  if (condition) blocks.push(section(`*Condition*\n${condition}`, more));
  if (alarm.composite?.triggeringChildren.length) {
    const children = alarm.composite.triggeringChildren
      .map(
        (c) =>
          `• ${link(alarmConsoleUrl(alarm.partition, alarm.region, c.name), c.name)}${c.state ? ` is ${escapeMrkdwn(c.state)}` : ''}${c.timestamp ? ` since ${formatUtc(c.timestamp)}` : ''}`,
      )
      .join('\n');
    blocks.push(section(`*Triggered by*\n${children}`, more));
  }

  if (logs) blocks.push(...logBlocks(logs, alarm.partition, alarm.region));

  const notes: string[] = [];
  if (incident?.mutedUntil)
    notes.push(
      `:mute: Muted until ${formatUtc(incident.mutedUntil)}${incident.mutedBy ? ` by ${mentionUser(incident.mutedBy)}` : ''}`,
    );
  if (incident && incident.transitions > 1) notes.push(`${incident.transitions} state changes in this incident`);
  if (incident && incident.flaps > 0)
    notes.push(`:repeat: flapping (${incident.flaps} re-open${incident.flaps === 1 ? '' : 's'}); see thread`);
  notes.push(escapeMrkdwn(alarm.alarmArn ?? alarm.alarmName));
  blocks.push(context(notes.join(' · ')));

  const value = alarmKey(alarm);
  const buttons: Array<ButtonElement | StaticSelectElement> = [];
  if (alarm.state !== 'OK') {
    if (!incident?.ackBy) buttons.push(button(ALARM_ACTIONS.acknowledge, 'Acknowledge', { value, style: 'primary' }));
    buttons.push({
      type: 'static_select',
      action_id: ALARM_ACTIONS.mute,
      placeholder: { type: 'plain_text', text: 'Mute…', emoji: true },
      options: MUTE_CHOICES.map(([v, label]) => ({ text: { type: 'plain_text', text: label, emoji: true }, value: v })),
    });
  }
  buttons.push(button(ALARM_ACTIONS.showLogs, 'Show logs', { value }));
  // Its neighbour: CloudTrail's write calls on the alarm's resources, when its metric names one.
  if (changeTargets(alarm).length) buttons.push(button(ALARM_ACTIONS.whatChanged, 'What changed', { value }));
  buttons.push(button(ALARM_ACTIONS.openConsole, 'Open in console', { url: consoleUrl }));
  // The alarm's `runbook` tag, where its tags were read; else a link in its description.
  const runbook = runbookUrl(tagValue(alarm, 'runbook')) ?? runbookUrl(alarm.description);
  if (runbook) buttons.push(button(ALARM_ACTIONS.runbook, 'Runbook', { url: runbook }));
  blocks.push(actions('alarm_actions', buttons));

  return {
    account: alarm.accountId,
    text: notificationText(`${label}: ${alarm.alarmName}${alarm.region ? ` in ${alarm.region}` : ''}`),
    attachments: [{ color: style.color, blocks: blocks.slice(0, LIMITS.blocksPerMessage) }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** The thread reply for a later transition of an incident. */
/** A state change as its thread reply shows it: one line, and the alarm's reason under it. */
export function changeNote(
  alarm: AlarmNotification,
  previous: { state: AlarmState; since: Date | undefined },
  note?: string,
): { head: string; body?: string } {
  const style = STATE_STYLE[alarm.state];
  const at = alarm.stateChangeTime;
  const held =
    previous.since && at
      ? ` after ${formatDuration(at.getTime() - previous.since.getTime())} in ${STATE_STYLE[previous.state].label}`
      : '';
  const head = `${style.emoji} *${style.label}* at ${formatUtc(at)}${held}${note ? ` · ${escapeMrkdwn(note)}` : ''}`;
  return alarm.reason ? { head, body: escapeMrkdwn(alarm.reason) } : { head };
}

/** The thread reply for one state change. */
export function formatTransition(
  alarm: AlarmNotification,
  previous: { state: AlarmState; since: Date | undefined },
  note?: string,
): SlackMessage {
  return formatReply(alarm, [{ ...changeNote(alarm, previous, note), state: alarm.state }]);
}

/**
 * One thread reply for the changes noted since the last (a digest when there are several), so a
 * storm costs one reply per interval and the thread stays an honest timeline, to the second.
 */
export function formatReply(
  alarm: Pick<AlarmNotification, 'alarmName' | 'partition' | 'region'> & { accountId?: string },
  notes: ReadonlyArray<{ head: string; body?: string; state: AlarmState }>,
  dropped = 0,
): SlackMessage {
  const last = notes[notes.length - 1]!;
  const more = link(alarmConsoleUrl(alarm.partition, alarm.region, alarm.alarmName), 'full text in the AWS console');
  const label = STATE_STYLE[last.state].label;
  if (notes.length === 1 && !dropped) {
    return {
      ...(alarm.accountId ? { account: alarm.accountId } : {}),
      text: notificationText(`${label}: ${alarm.alarmName}`),
      blocks: [section(last.head + (last.body ? `\n${last.body}` : ''), more)],
      unfurl_links: false,
      unfurl_media: false,
    };
  }
  const count = notes.length + dropped;
  const lines = notes.map((n) => `• ${n.head}${n.body ? `\n      ${fitMrkdwn(n.body, 200)}` : ''}`);
  const earlier = dropped ? [`• …and ${dropped} earlier change${dropped === 1 ? '' : 's'}`] : [];
  return {
    ...(alarm.accountId ? { account: alarm.accountId } : {}),
    text: notificationText(`${count} changes, now ${label}: ${alarm.alarmName}`),
    blocks: linesInSections([`*${count} changes* (one reply for them all):`, ...earlier, ...lines], more),
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Lines of mrkdwn in as few sections as Slack's limits allow (at most 45 of them). */
export function linesInSections(lines: readonly string[], more: string): Block[] {
  const blocks: Block[] = [];
  let text = '';
  for (const line of lines) {
    if (text && text.length + 1 + line.length > LIMITS.sectionText - 100) {
      if (blocks.length === 44) break;
      blocks.push(section(text, more));
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) blocks.push(section(text, more));
  return blocks;
}

/**
 * The runbook an alarm's author linked in its description: the first https URL there. It is
 * the team's own text (whoever may edit the alarm), and only ever a button's link.
 */
export function runbookUrl(description: string | undefined): string | undefined {
  const match = description ? /https:\/\/[^\s<>|"'`]{1,2000}/.exec(description) : null;
  if (!match) return undefined;
  const url = trimEndOf(match[0], '.,;:)]');
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An `owner` tag: a Slack user or user-group id is drawn as a mention; anything else as text. */
function ownerText(owner: string): string {
  if (/^[UW][A-Z0-9]{8,11}$/.test(owner)) return mentionUser(owner);
  if (/^S[A-Z0-9]{8,11}$/.test(owner)) return `<!subteam^${owner}>`;
  return escapeMrkdwn(owner);
}
