import { regionName } from '../../kernel/aws/regions';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatTimeOfDay, mentionUser } from '../../kernel/slack/format';
import type { Block } from '../../kernel/slack/blocks';
import { actions, button, context, escapeMrkdwn, header, link, notificationText } from '../../kernel/slack/text';
import type { AlarmState } from './alarm';
import type { Storm } from './flow';
import { linesInSections, MUTE_CHOICES, STATE_STYLE } from './format';

/** Stable action ids of the storm message's controls: the gateway routes on these. */
export const STORM_ACTIONS = {
  acknowledgeAll: 'storm_acknowledge_all',
  muteAll: 'storm_mute_all',
} as const;

/** A storm's id, all its buttons carry: its channel's flow, and when it began. */
export const stormId = (channel: string, storm: Pick<Storm, 'since'>): string =>
  `${channel}/${storm.since.toISOString()}`;

/** Acknowledge all and Mute all…, while the storm lasts: each acts on every alarm it lists. */
function stormActions(id: string): Block {
  return actions('storm_actions', [
    button(STORM_ACTIONS.acknowledgeAll, 'Acknowledge all', { value: id, style: 'primary' }),
    {
      type: 'static_select',
      action_id: STORM_ACTIONS.muteAll,
      placeholder: { type: 'plain_text', text: 'Mute all…', emoji: true },
      options: MUTE_CHOICES.map(([v, label]) => ({ text: { type: 'plain_text', text: label, emoji: true }, value: v })),
    },
  ]);
}

/** Lines the storm message lists, and their characters; the rest are counted. */
const MAX_LINES = 150;
const MAX_CHARS = 12_000;

const ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

const hms = (d: Date | undefined) => (d ? d.toISOString().slice(11, 19) : '');

/**
 * The one message that stands for many alarms opening in a channel at once: how many are in
 * ALARM, where and since when, then each alarm on its own line with its state and a link to its
 * own message. It is updated in place, so one `chat.update` keeps all of them current.
 */
export function formatStorm(storm: Storm, channel?: string): SlackMessage {
  // Those beyond the list are not followed: the count says "at least" (300+).
  const alarming = storm.members.filter((m) => m.state === 'ALARM').length;
  const where = storm.region ? ` in ${storm.region}` : '';
  const since = formatTimeOfDay(storm.since).replace(' UTC', '');
  const total = storm.members.length + (storm.unlisted ?? 0);
  const title = storm.ended
    ? `Storm over: ${total} alarms${where} since ${since} UTC, ${alarming} still in ALARM`
    : alarming
      ? `${alarming}${storm.unlisted ? '+' : ''} alarm${alarming === 1 && !storm.unlisted ? '' : 's'} in ALARM${where} since ${since} UTC`
      : `All ${total} alarms of the storm${where} since ${since} UTC are out of ALARM`;
  const members = [...storm.members].sort(
    (a, b) => ORDER[a.state] - ORDER[b.state] || a.openedAt.getTime() - b.openedAt.getTime(),
  );
  const lines: string[] = [];
  let chars = 0;
  for (const m of members) {
    const style = STATE_STYLE[m.state];
    const name = m.link ? link(m.link, m.alarmName) : `*${escapeMrkdwn(m.alarmName)}*`;
    const own = m.ts ? '' : ' · _its own message follows_';
    const ack = m.ackBy && m.state !== 'OK' ? ` · acknowledged by ${mentionUser(m.ackBy)}` : '';
    const muted = m.mutedUntil ? ` · muted until ${hms(m.mutedUntil)} UTC` : '';
    const line = `${style.emoji} ${name} · ${style.label} since ${hms(m.since ?? m.openedAt)} UTC${ack}${muted}${own}`;
    if (lines.length === MAX_LINES || chars + line.length > MAX_CHARS) break;
    lines.push(line);
    chars += line.length + 1;
  }
  if (total > lines.length) lines.push(`…and ${total - lines.length} more`);
  const note = storm.ended
    ? 'This storm is over: each alarm’s own message is the one kept current from here on.'
    : 'This message stays current; each alarm’s own message follows as the channel’s post budget allows.';
  return {
    text: notificationText(title),
    blocks: [
      header(`:thunder_cloud_and_rain: ${title}`),
      ...linesInSections(lines, ''),
      context(
        `${total} alarms opened here within minutes${storm.region ? ` (${escapeMrkdwn(regionName(storm.region) ?? storm.region)})` : ''}. ${note}`,
      ),
      ...(channel && !storm.ended ? [stormActions(stormId(channel, storm))] : []),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
