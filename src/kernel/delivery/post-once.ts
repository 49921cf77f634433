import { SlackDeliveryError } from '../errors';
import type { Logger } from '../log';
import type { MessageMetadata, SlackMessage } from '../slack/blocks';
import type { PostedMessage, SlackPort } from '../slack/port';
import { link, textMessage } from '../slack/text';
import { withSlackRetry, type RetryBudget } from '../retry';

/** How far back the bot looks for a post of its own whose answer was lost. */
const LOOK_BACK_S = 15 * 60;

/** An answer lost in flight: Slack may have applied the post. A 429 or a refusal was not applied. */
export function isAmbiguous(err: unknown): boolean {
  if (!(err instanceof SlackDeliveryError)) return false;
  return err.code === 'slack_unreachable' || (err.code === 'slack_http_error' && err.retryable);
}

/**
 * Edits each extra copy of a message to say it was posted twice by mistake, with a link to the
 * one kept up to date: never left showing a stale state. Best effort; a failure is logged.
 */
export async function markSuperseded(
  slack: SlackPort,
  live: PostedMessage,
  extras: readonly PostedMessage[],
  log: Logger,
): Promise<void> {
  if (!extras.length) return;
  const permalink = await slack.permalink(live.channel, live.ts).catch(() => undefined);
  const note = `:information_source: Posted twice by mistake; ${permalink ? link(permalink, 'this message') : 'the other message'} is the one kept up to date.`;
  for (const extra of extras) {
    await slack.updateMessage(extra.channel, extra.ts, textMessage(note)).catch((err: unknown) => {
      log.warn('could not mark a duplicate post superseded', { channel: extra.channel, ts: extra.ts, error: err });
    });
  }
}

/**
 * A thread reply made at most once per `metadata`, for a step to run and re-run: after an answer
 * lost in flight (or when the caller says an earlier attempt may have posted it), the thread is
 * read (conversations.replies) for the reply before it is posted again.
 */
export function replyOnce(
  slack: SlackPort,
  target: PostedMessage,
  message: SlackMessage,
  metadata: MessageMetadata,
  options: { unsure: boolean },
): () => Promise<PostedMessage> {
  let unsure = options.unsure;
  return async () => {
    if (unsure) {
      // A read that cannot work (no history scope) must not cost the reply: post, risking a copy.
      const found = await slack.findReply(target.channel, target.ts, metadata).catch((err: unknown) => {
        if (err instanceof SlackDeliveryError && !err.retryable) return undefined;
        throw err;
      });
      if (found) return found;
    }
    try {
      return await slack.postMessage(target.channel, { ...message, metadata }, target.ts);
    } catch (err) {
      if (isAmbiguous(err)) unsure = true;
      throw err;
    }
  };
}

/**
 * A top-level post made at most once per `metadata` (the incident and its episode), for a
 * journaled step to run, and re-run on retry. `chat.postMessage` has no idempotency key, so a
 * post whose answer was lost is never re-sent blindly: the bot first looks for its own message
 * (a bounded conversations.history read) and adopts it. If two copies exist anyway, the extras
 * are edited to say they were superseded, with a link to the one kept up to date.
 */
export function postOnce(
  slack: SlackPort,
  channel: string,
  message: SlackMessage,
  metadata: MessageMetadata,
  options: { unsure: boolean; log: Logger; since?: Date },
): () => Promise<PostedMessage> {
  let unsure = options.unsure;
  // From a little before what the post is about (or the last 15 minutes), and never more than a
  // day. Slack's clock, so the wall clock: not the caller's (which tests may set in the past).
  const oldest = () => {
    const now = Date.now() / 1000;
    const since = options.since ? options.since.getTime() / 1000 - 300 : now - LOOK_BACK_S;
    return String(Math.floor(Math.max(now - 86_400, Math.min(since, now - LOOK_BACK_S))));
  };
  const supersede = (live: PostedMessage, extras: PostedMessage[]) => markSuperseded(slack, live, extras, options.log);
  return async () => {
    const wasUnsure = unsure;
    if (unsure) {
      const found = await slack.findPosted(channel, metadata, oldest()).catch((err: unknown) => {
        // A read that may work later is retried, rather than post blindly. One that cannot work
        // (no history scope, a channel given by name) must not cost the alert: post, risking a copy.
        if (err instanceof SlackDeliveryError && !err.retryable) {
          options.log.warn('cannot look for an earlier post; posting, which may show it twice', {
            channel,
            error: err,
          });
          return [];
        }
        throw err;
      });
      if (found[0]) {
        options.log.info('adopted a post whose answer was lost', { channel: found[0].channel, ts: found[0].ts });
        await supersede(found[0], found.slice(1));
        return found[0];
      }
    }
    let posted: PostedMessage;
    try {
      posted = await slack.postMessage(channel, { ...message, metadata });
    } catch (err) {
      if (isAmbiguous(err)) unsure = true;
      throw err;
    }
    if (wasUnsure) {
      // History may lag: a copy it did not show a moment ago may be there now. The oldest copy is
      // the one kept, whoever posted it, so two racing posters agree on it.
      const copies = await slack.findPosted(posted.channel, metadata, oldest()).catch(() => []);
      const live = copies[0] && Number(copies[0].ts) < Number(posted.ts) ? copies[0] : posted;
      await supersede(
        live,
        [...copies, posted].filter((c, i, all) => c.ts !== live.ts && all.findIndex((x) => x.ts === c.ts) === i),
      );
      return live;
    }
    return posted;
  };
}

/** The metadata of a thread note (an acknowledgement, a mute, a reminder): what it is a note of. */
export const NOTE_EVENT = 'lamplighter_note';

/**
 * A thread note posted at most once, retried within the budget: when an attempt's answer was
 * lost, the next looks for the note (by `id`) before posting it again. `id` names the note:
 * the incident or warning, what was done, and when.
 */
export function noteOnce(
  slack: SlackPort,
  thread: PostedMessage,
  note: SlackMessage,
  id: string,
  budget: RetryBudget,
): Promise<PostedMessage> {
  const post = replyOnce(
    slack,
    thread,
    note,
    { event_type: NOTE_EVENT, event_payload: { note: id } },
    { unsure: false },
  );
  return withSlackRetry(post, budget);
}
