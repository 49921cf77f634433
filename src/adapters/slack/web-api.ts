import { slackLogger } from './bolt-logger';
import { jsonLogger, type Logger } from '../../kernel/log';
import {
  ErrorCode,
  LogLevel,
  WebClient,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
  type WebAPIRequestError,
} from '@slack/web-api';
import { SlackDeliveryError } from '../../kernel/errors';
import { linksInAccount, type ConsoleSignIn } from '../../kernel/slack/account-links';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { createChannelIds, type ChannelEntry } from '../../kernel/slack/channels';
import type { FileUpload, PostedMessage, SlackPort } from '../../kernel/slack/port';
import { wellFormed, wellFormedDeep } from '../../kernel/untrusted';

export interface SlackClientOptions {
  token: string;
  /** Web API base URL, e.g. https://slack.com/api/ or a test server's. */
  apiUrl: string;
  timeoutMs: number;
  /** Console links opened in each message's account, through the access portal (account-links.ts). */
  consoleSignIn?: ConsoleSignIn;
  /** Where the SDK's own warnings and errors go; our JSON lines on stdout when absent, never its console format. */
  log?: Logger;
}

/** Platform errors that no retry can fix; everything else Slack says is worth another try. */
const PERMANENT = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'invalid_attachments',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'invalid_arguments',
]);

/** Turns the SDK's errors into ours, carrying whether and when to retry. */
export function toDeliveryError(method: string, err: unknown): SlackDeliveryError {
  const code = (err as { code?: string }).code;
  if (code === ErrorCode.RateLimitedError) {
    const retryAfter = (err as WebAPIRateLimitedError).retryAfter;
    const e = new SlackDeliveryError(
      'slack_rate_limited',
      `${method}: rate limited by Slack, retry after ${retryAfter}s`,
      true,
      { cause: err },
    );
    return Object.assign(e, { retryAfterMs: retryAfter * 1000 });
  }
  if (code === ErrorCode.PlatformError) {
    const error = (err as WebAPIPlatformError).data.error;
    return new SlackDeliveryError(`slack_${error}`, `${method}: Slack answered "${error}"`, !PERMANENT.has(error), {
      cause: err,
    });
  }
  if (code === ErrorCode.HTTPError) {
    const status = (err as WebAPIHTTPError).statusCode;
    return new SlackDeliveryError(
      'slack_http_error',
      `${method}: Slack answered HTTP ${status}`,
      status >= 500 || status === 408,
      { cause: err },
    );
  }
  if (code === ErrorCode.RequestError) {
    const original = (err as WebAPIRequestError).original;
    return new SlackDeliveryError(
      'slack_unreachable',
      `${method}: could not reach Slack (${original?.message ?? 'request failed'})`,
      true,
      {
        cause: err,
      },
    );
  }
  return new SlackDeliveryError('slack_error', `${method}: ${err instanceof Error ? err.message : String(err)}`, true, {
    cause: err,
  });
}

/**
 * The client a Lambda function builds for each bot token (read from Secrets Manager, and read
 * again after a rotation): the configured API, timeout and console links, logging through the
 * function's own logger.
 */
export function slackClientFor(
  config: { slackApiUrl: string; slackTimeoutMs: number; consoleSignIn?: ConsoleSignIn },
  log: Logger,
): (token: string) => SlackPort {
  return (token) =>
    createSlackClient({
      token,
      apiUrl: config.slackApiUrl,
      timeoutMs: config.slackTimeoutMs,
      ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
      log,
    });
}

/**
 * The Slack Web API behind our port. The SDK's own retry policy (about 30 minutes of retries)
 * is switched off: inside a Lambda the caller decides, against the time it has left.
 */
export function createSlackClient(options: SlackClientOptions): SlackPort {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logLevel: LogLevel.ERROR,
    logger: slackLogger(options.log ?? jsonLogger(), LogLevel.ERROR),
  });

  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toDeliveryError(method, err);
    }
  }

  /** The bot's public channels and the private ones it is in, archived ones left out. */
  async function listChannels(): Promise<ChannelEntry[]> {
    const found: ChannelEntry[] = [];
    let cursor: string | undefined;
    // 1,000 a page, 50 pages at most: a workspace of 50,000 channels.
    for (let page = 0; page < 50; page++) {
      const res = await call('conversations.list', () =>
        client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const c of res.channels ?? []) if (c.id && c.name) found.push({ id: c.id, name: c.name });
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found;
  }

  // Where a message becomes Slack's text: no lone surrogate may reach Slack (wellFormedDeep).
  const body = (message: SlackMessage) => {
    const m = wellFormedDeep(linksInAccount(message, options.consoleSignIn));
    return {
      text: m.text,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      unfurl_links: m.unfurl_links ?? false,
      unfurl_media: m.unfurl_media ?? false,
      ...(m.metadata ? { metadata: m.metadata } : {}),
      ...(m.reply_broadcast ? { reply_broadcast: true } : {}),
    };
  };

  return {
    // Once per client: the provider makes one per cold start (and per rotated token).
    channelId: createChannelIds(listChannels),
    async postMessage(channel, message, threadTs): Promise<PostedMessage> {
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          ...body(message),
          ...(threadTs ? { thread_ts: threadTs } : {}),
        } as Parameters<typeof client.chat.postMessage>[0]),
      );
      if (!res.ts || !res.channel)
        throw new SlackDeliveryError('slack_bad_response', 'chat.postMessage: answer had no ts or channel', true);
      return { channel: res.channel, ts: res.ts };
    },
    async updateMessage(channel, ts, message) {
      await call('chat.update', () =>
        client.chat.update({ channel, ts, ...body(message) } as Parameters<typeof client.chat.update>[0]),
      );
    },
    async openDirectMessage(user) {
      const res = await call('conversations.open', () => client.conversations.open({ users: user }));
      const id = (res.channel as { id?: string } | undefined)?.id;
      if (!id) throw new SlackDeliveryError('slack_bad_response', 'conversations.open: answer had no channel id', true);
      return id;
    },
    async findPosted(channel, asked, oldest) {
      // Compared with what was posted, which was made well-formed on the way out.
      const metadata = wellFormedDeep(asked);
      const found: PostedMessage[] = [];
      let cursor: string | undefined;
      // Two pages at most: the post looked for is minutes old, in one channel.
      for (let page = 0; page < 2; page++) {
        const res = await call('conversations.history', () =>
          client.conversations.history({
            channel,
            oldest,
            limit: 200,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const m of res.messages ?? []) {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          if (!m.ts || meta?.event_type !== metadata.event_type) continue;
          if (Object.entries(metadata.event_payload).every(([k, v]) => meta.event_payload?.[k] === v))
            found.push({ channel, ts: m.ts });
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return found.sort((a, b) => Number(a.ts) - Number(b.ts));
    },
    async findReply(channel, threadTs, asked) {
      const metadata = wellFormedDeep(asked);
      let cursor: string | undefined;
      // A thread's replies come oldest first; two pages cover a digest's thread.
      for (let page = 0; page < 2; page++) {
        const res = await call('conversations.replies', () =>
          client.conversations.replies({
            channel,
            ts: threadTs,
            limit: 200,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const m of res.messages ?? []) {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          if (!m.ts || m.ts === threadTs || meta?.event_type !== metadata.event_type) continue;
          if (Object.entries(metadata.event_payload).every(([k, v]) => meta.event_payload?.[k] === v))
            return { channel, ts: m.ts };
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return undefined;
    },
    async permalink(channel, ts) {
      const res = await call('chat.getPermalink', () => client.chat.getPermalink({ channel, message_ts: ts }));
      if (!res.permalink) throw new SlackDeliveryError('slack_bad_response', 'chat.getPermalink: no permalink', true);
      return res.permalink;
    },
    async userGroupMembers(groupId) {
      const res = await call('usergroups.users.list', () => client.usergroups.users.list({ usergroup: groupId }));
      return (res.users ?? []).filter((u): u is string => typeof u === 'string');
    },
    async uploadFile(upload: FileUpload) {
      await call('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: upload.channel,
          ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
          filename: wellFormed(upload.filename),
          title: wellFormed(upload.title),
          ...(typeof upload.content === 'string' ? { content: upload.content } : { file: upload.content }),
          ...(upload.comment ? { initial_comment: wellFormed(upload.comment) } : {}),
        } as Parameters<typeof client.filesUploadV2>[0]),
      );
    },
  };
}
