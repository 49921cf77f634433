import type { SlackMessage } from '../../kernel/slack/blocks';
import { context, escapeMrkdwn, header, notificationText } from '../../kernel/slack/text';
import type { AlarmNotification } from './alarm';
import { linesInSections } from './format';
import type { Note } from './flow';

/** Grey: a folded message shows no state, so it cannot show one its alarm has left. */
const FOLDED_COLOR = '#9CA3AF';

/**
 * An alarm's own message while the alarm is a line in its channel's storm message: the storm
 * message shows its state (one `chat.update` for all of them, which Slack's workspace-wide budget
 * allows), this one shows none, so it never lies; it is redrawn in its state when the storm ends.
 */
export function formatFolded(alarm: Pick<AlarmNotification, 'alarmName' | 'accountId' | 'alarmArn'>): SlackMessage {
  return {
    account: alarm.accountId,
    text: notificationText(`In the storm: ${alarm.alarmName}`),
    attachments: [
      {
        color: FOLDED_COLOR,
        blocks: [
          header(`:thunder_cloud_and_rain: IN THE STORM: ${alarm.alarmName}`),
          context(
            'Its state is kept current on its line in the storm message, and its changes in that message’s thread; this message shows it again when the storm is over.',
            escapeMrkdwn(alarm.alarmArn ?? alarm.alarmName),
          ),
        ],
      },
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Lines a storm digest carries; more wait for the next reply (Slack's block limits). */
export const DIGEST_LINES = 60;

/**
 * A reply in the storm message's thread: its members' changes since the last, each with its
 * time to the second, oldest first, so nothing a flapping storm line did is lost.
 */
export function formatStormDigest(changes: ReadonlyArray<{ alarmName: string; note: Note }>): SlackMessage {
  const lines = changes.map(({ alarmName, note }) => `• *${escapeMrkdwn(alarmName)}* · ${note.head}`);
  const count = changes.length;
  return {
    text: notificationText(`${count} change${count === 1 ? '' : 's'} in the storm`),
    blocks: linesInSections([`*${count} change${count === 1 ? '' : 's'}* in the storm:`, ...lines], ''),
    unfurl_links: false,
    unfurl_media: false,
  };
}
