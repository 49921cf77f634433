import type { BlockAction } from '@slack/bolt';
import type { Job } from '../../../app/worker/job';
import type { Logger } from '../../../kernel/log';

export interface GatewayDeps {
  /** Hands slow work to the worker: an async Lambda invoke, or in-process for `serve`. */
  dispatch: (job: Job) => Promise<void>;
  now: () => Date;
  log: Logger;
}

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
