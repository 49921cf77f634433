import { regionName } from '../../kernel/aws/regions';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatTimeOfDay } from '../../kernel/slack/format';
import { context, escapeMrkdwn, header, link, notificationText } from '../../kernel/slack/text';
import type { AlarmState } from './alarm';
import type { Storm } from './flow';
import { linesInSections, STATE_STYLE } from './format';

/** Lines the storm message lists; the rest are counted. */
const MAX_LINES = 150;

const ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

const hms = (d: Date | undefined) => (d ? d.toISOString().slice(11, 19) : '');

/**
 * The one message that stands for many alarms opening in a channel at once: how many are in
 * ALARM, where and since when, then each alarm on its own line with its state and a link to its
 * own message. It is updated in place, so one `chat.update` keeps all of them current.
 */
export function formatStorm(storm: Storm): SlackMessage {
  const alarming = storm.members.filter((m) => m.state === 'ALARM').length;
  const where = storm.region ? ` in ${storm.region}` : '';
  const since = formatTimeOfDay(storm.since).replace(' UTC', '');
  const title = alarming
    ? `${alarming} alarm${alarming === 1 ? '' : 's'} in ALARM${where} since ${since} UTC`
    : `All ${storm.members.length} alarms of the storm${where} since ${since} UTC are out of ALARM`;
  const members = [...storm.members].sort(
    (a, b) => ORDER[a.state] - ORDER[b.state] || a.openedAt.getTime() - b.openedAt.getTime(),
  );
  const lines = members.slice(0, MAX_LINES).map((m) => {
    const style = STATE_STYLE[m.state];
    const name = m.link ? link(m.link, m.alarmName) : `*${escapeMrkdwn(m.alarmName)}*`;
    const own = m.ts ? '' : ' · _its own message follows_';
    return `${style.emoji} ${name} · ${style.label} since ${hms(m.since ?? m.openedAt)} UTC${own}`;
  });
  if (members.length > MAX_LINES) lines.push(`…and ${members.length - MAX_LINES} more`);
  return {
    text: notificationText(title),
    blocks: [
      header(`:thunder_cloud_and_rain: ${title}`),
      ...linesInSections(lines, ''),
      context(
        `${storm.members.length} alarms opened here within minutes${storm.region ? ` (${escapeMrkdwn(regionName(storm.region) ?? storm.region)})` : ''}. ` +
          'This message stays current; each alarm’s own message follows as the channel’s post budget allows.',
      ),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
