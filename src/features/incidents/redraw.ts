import { SlackDeliveryError } from '../../kernel/errors';
import { noteOnce } from '../../kernel/delivery/post-once';
import { withSlackRetry } from '../../kernel/retry';
import type { SlackMessage } from '../../kernel/slack/blocks';
import type { SlackPort } from '../../kernel/slack/port';
import { formatAlarm } from '../alarms/format';
import type { Incident, MuteStore } from '../alarms/incident';
import { incidentView } from '../alarms/rules';

export interface RedrawOptions {
  /**
   * false: the thread note only. A storm line's own message folded into the storm shows no
   * state while the storm lasts (the storm message's line does); redrawing it would unfold it.
   */
  message?: boolean;
}

/**
 * Redraws the incident's message (acknowledged, muted…) and adds a note to its thread. A message
 * someone deleted in Slack costs only the redraw: what was done (a mute, an acknowledgement) is
 * recorded already, and its next change posts the incident anew.
 */
export async function redraw(
  incident: Incident,
  note: SlackMessage,
  deps: { mutes: MuteStore; slack: SlackPort; now: () => Date; deadline: () => number },
  opts: RedrawOptions = {},
): Promise<void> {
  // Its first post has not landed: the notifier will post it in its latest state.
  if (incident.ts === '') return;
  const budget = { deadline: deps.deadline };
  try {
    if (incident.alarm && opts.message !== false) {
      const mute = await deps.mutes.getMute(incident.key);
      const message = formatAlarm({
        alarm: incident.alarm,
        incident: incidentView(incident, mute, deps.now()),
        logs: incident.logs,
      });
      await withSlackRetry(() => deps.slack.updateMessage(incident.channel, incident.ts, message), budget);
    }
    // One note per action: a retry after a lost answer finds it rather than posting it twice.
    const id = `${incident.key}|${deps.now().toISOString()}|${note.text.slice(0, 60)}`;
    await noteOnce(deps.slack, { channel: incident.channel, ts: incident.ts }, note, id, budget);
  } catch (err) {
    const gone =
      err instanceof SlackDeliveryError &&
      ['slack_message_not_found', 'slack_thread_not_found', 'slack_cant_update_message'].includes(err.code);
    if (!gone) throw err;
  }
}
