/** An incident's thread: the changes noted since its last reply, one digest reply per interval. */
import { SlackDeliveryError } from '../../kernel/errors';
import type { AlarmNotification } from './alarm';
import { canPost, digestDue, inStorm, takePost, type ChannelFlow, type Owed } from './flow';
import { formatReply } from './format';
import type { Incident } from './incident';
import { claim, REPLY_EVENT, type DrainDeps } from './drain-kit';

/** The thread's next reply: the changes noted since the last, once its interval has passed (a storm line's go to the storm's thread). */
export const replyDue = async (flow: ChannelFlow, key: string, owed: Owed, deps: DrainDeps): Promise<void> => {
  const now = deps.now();
  if (owed.post || inStorm(flow, key) || !digestDue(owed, now, deps.flow) || !canPost(flow)) return;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts) return; // its first post is pending; the notes wait for it
  takePost(flow);
  await postNotes(incident, owed, deps, () => claim(flow, deps));
};

/** An incident's message and what its thread replies name. */
export type Thread = Pick<Incident, 'key' | 'channel' | 'ts' | 'alarmName' | 'region' | 'accountId'> & {
  alarm?: Pick<AlarmNotification, 'alarmName' | 'partition' | 'region' | 'accountId'>;
};

/**
 * Posts the incident's noted changes as one thread reply, named by the last change it carries:
 * after a lost answer, the next attempt finds it (conversations.replies) instead of posting it
 * twice, and the notes it carried are done; later ones wait for the next reply.
 */
export async function postNotes(
  incident: Thread,
  owed: Owed,
  deps: Pick<DrainDeps, 'slack' | 'log' | 'now'>,
  claimed?: () => Promise<void>,
): Promise<void> {
  const now = deps.now();
  const key = incident.key;
  const alarm = incident.alarm ?? {
    alarmName: incident.alarmName,
    partition: 'aws',
    region: incident.region,
    accountId: incident.accountId,
  };
  const notes = [...owed.notes].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (!notes.length) return;
  const metadataFor = (through: string) => ({ event_type: REPLY_EVENT, event_payload: { incident: key, through } });
  try {
    if (owed.replyUnsure && owed.replyThrough) {
      const through = owed.replyThrough;
      const applied = await deps.slack
        .findReply(incident.channel, incident.ts, metadataFor(through))
        .catch(() => undefined);
      owed.replyUnsure = false;
      owed.replyThrough = undefined;
      if (applied) {
        const upTo = notes.findIndex((n) => n.id === through);
        const done = notes.slice(0, upTo + 1);
        owed.notes = owed.notes.filter((n) => !done.includes(n));
        owed.dropped = 0;
        owed.repliedAt = now;
        owed.broadcast = false;
        return;
      }
    }
    const through = notes[notes.length - 1]!.id;
    // Saved with the flow if this attempt fails: Slack may have applied it.
    owed.replyUnsure = true;
    owed.replyThrough = through;
    await claimed?.();
    await deps.slack.postMessage(
      incident.channel,
      {
        ...formatReply(alarm, notes, owed.dropped ?? 0),
        metadata: metadataFor(through),
        ...(owed.broadcast ? { reply_broadcast: true } : {}),
      },
      incident.ts,
    );
    owed.replyUnsure = false;
    owed.replyThrough = undefined;
  } catch (err) {
    // The thread's message was deleted: its notes have nowhere to go (its next change opens anew).
    if (!(err instanceof SlackDeliveryError && err.code === 'slack_thread_not_found')) throw err;
    deps.log.warn('the incident message is gone; its thread notes are dropped', { key, notes: notes.length });
  }
  owed.notes = owed.notes.filter((n) => !notes.includes(n));
  owed.dropped = 0;
  owed.repliedAt = now;
  owed.broadcast = false;
}
