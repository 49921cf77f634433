import { linksInAccount, type ConsoleSignIn } from '../../kernel/slack/account-links';
import type { Logger } from '../../kernel/log';
import { withSlackRetry } from '../../kernel/retry';
import type { SlackMessage } from '../../kernel/slack/blocks';
import type { ResponseUrlMessage, SlackPort } from '../../kernel/slack/port';
import { context } from '../../kernel/slack/text';
import type { LogsReply } from '../../features/logs/format';
import type { Job } from './job';

export interface AnswerDeps {
  slack: SlackPort;
  respond: (url: string, message: ResponseUrlMessage) => Promise<void>;
  /** Console links opened in the answer's account, through the access portal (account-links.ts). */
  consoleSignIn?: ConsoleSignIn;
  deadline: () => number;
  log: Logger;
}

const toResponse = (message: SlackMessage, signIn: ConsoleSignIn | undefined): ResponseUrlMessage => {
  const m = linksInAccount(message, signIn);
  return { text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) };
};

/**
 * Answers the requester through the response_url: privately, or in the channel with --share
 * (which works in DMs and private channels too, where the bot may not be). The answer goes
 * first; a file with the whole result follows, best effort, so a failed upload costs only the file.
 * A slash command's private answer replaces its "⏳ Searching…" acknowledgement, as Slack lets a
 * response_url replace the ephemeral message it belongs to; a shared answer cannot (a private
 * message never becomes public), so the acknowledgement is deleted after it, best effort.
 */
export async function answer(
  job: Job,
  reply: LogsReply,
  options: { share: boolean; replace?: boolean },
  deps: AnswerDeps,
): Promise<void> {
  const { share, replace } = options;
  // Two tries at most: a response_url allows five uses in all.
  const budget = { deadline: deps.deadline, maxAttempts: 2 };
  let message = reply.message;
  if (reply.file && !share) {
    message = {
      ...message,
      blocks: [...(message.blocks ?? []), context('The whole result is in your direct messages with Lamplighter.')],
    };
  }
  const url = job.responseUrl;
  const acknowledged = job.kind === 'logs' || job.kind === 'incident';
  if (url) {
    await withSlackRetry(
      () =>
        deps.respond(url, {
          ...toResponse(message, deps.consoleSignIn),
          ...(share ? { response_type: 'in_channel' as const } : {}),
          ...((replace || acknowledged) && !share ? { replace_original: true } : {}),
        }),
      budget,
    );
    if (share && acknowledged) await dropAcknowledgement(job, url, deps);
  } else {
    await withSlackRetry(() => deps.slack.postMessage(share ? job.channel : job.user, message), budget);
  }
  const file = reply.file;
  if (!file) return;
  try {
    const channel = share ? job.channel : await withSlackRetry(() => deps.slack.openDirectMessage(job.user), budget);
    await withSlackRetry(
      () => deps.slack.uploadFile({ channel, ...file, comment: 'The whole result of the /logs search' }),
      budget,
    );
  } catch (err) {
    deps.log.warn('could not upload the whole result; the answer itself was sent', {
      job: job.kind,
      user: job.user,
      error: err,
    });
  }
}

/** One try: a failure leaves only a stale "⏳" above the answer, not worth a second use of the URL. */
async function dropAcknowledgement(job: Job, url: string, deps: AnswerDeps): Promise<void> {
  try {
    await deps.respond(url, { text: '', delete_original: true });
  } catch (err) {
    deps.log.warn('could not remove the acknowledgement; the answer itself was sent', {
      job: job.kind,
      user: job.user,
      error: err,
    });
  }
}
