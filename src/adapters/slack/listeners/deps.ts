import type { BlockAction } from '@slack/bolt';
import type { Job } from '../../../app/worker/job';
import type { Logger } from '../../../kernel/log';

export interface GatewayDeps {
  /** Hands slow work to the worker: an async Lambda invoke, or in-process for `serve`. */
  dispatch: (job: Job) => Promise<void>;
  now: () => Date;
  log: Logger;
}

/** What the listeners get: the same, with hand-offs that never throw (a failure is logged and told). */
export interface ListenerDeps extends GatewayDeps {
  /**
   * Hands a slash command's job over; false when it could not be (already logged). The command
   * acknowledges after this, so its acknowledgement can say so: under Lambda the acknowledgement
   * is the function's HTTP answer, which reaches Slack only when the listener has finished, after
   * anything posted to the response_url (where a replacement would find nothing yet to replace).
   */
  start: (job: Job) => Promise<boolean>;
  /** Hands a click's job over; a failure is logged and told to the clicker in a message of its own. */
  dispatch: (job: Job) => Promise<void>;
}

/**
 * What a person is told when the worker could not be given their request: no internal detail, and
 * no promise either way (a hand-off that timed out may still have started it).
 */
export const notStartedText = (what: string) =>
  `:warning: Lamplighter could not hand ${what} to its worker just now. If no answer follows within a minute, please try again.`;

/** Who clicked, where, and where to answer: from Slack's signed request, never from a value. */
export function requestedBy(body: BlockAction, now: Date) {
  return {
    user: body.user.id,
    channel: body.channel?.id ?? body.user.id,
    responseUrl: body.response_url,
    requestedAt: now.toISOString(),
  };
}

/** The message a click was on, as Slack sends it back with the click. */
export function messageOf(
  body: BlockAction,
): { ts?: string; blocks?: unknown[]; attachments?: Array<{ blocks?: unknown[] }> } | undefined {
  return (body as { message?: { ts?: string; blocks?: unknown[]; attachments?: Array<{ blocks?: unknown[] }> } })
    .message;
}
