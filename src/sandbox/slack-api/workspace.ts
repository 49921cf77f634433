import { messageErrors } from '../block-limits';
import { channelId, createChannelDirectory } from './channels';
import { MANIFEST_SCOPES, type Fault, type SlackApiServerOptions, type StoredFile, type StoredMessage } from './types';

/**
 * What the workspace holds (messages, files) and how its Web API methods answer, as Slack does:
 * `{ok, ts, channel}`, `{ok:false, error}`, `invalid_blocks` past Slack's limits.
 */
export function createWorkspace(options: SlackApiServerOptions, baseUrl: () => string) {
  const messages: StoredMessage[] = [];
  const files: StoredFile[] = [];
  const faults = new Map<string, Fault[]>();
  let clock = Math.floor(Date.now() / 1000);
  let seq = 0;
  let fileSeq = 0;

  const nextTs = () => `${clock}.${String(++seq).padStart(6, '0')}`;
  const takeFault = (method: string): Fault | undefined => faults.get(method)?.shift() ?? faults.get('*')?.shift();

  // Slack's rule: only chat.postMessage takes a channel name; every other method needs the id.
  const directory = createChannelDirectory(options);
  const resolveChannel = (raw: unknown) => directory.resolve(raw);

  const scopes = () => options.scopes ?? MANIFEST_SCOPES;
  const isPrivate = (id: string) =>
    id.startsWith('G') || (options.privateChannels ?? []).includes(id) || directory.info(id)?.isPrivate === true;
  const isMember = (id: string) =>
    id.startsWith('D') ||
    (directory.info(id)?.isMember !== false && (!options.botChannels || options.botChannels.includes(id)));

  /** Slack's answer to the bot acting in a channel it is not in; undefined when it may. */
  function refused(channel: string, action: 'post' | 'read'): Record<string, unknown> | undefined {
    if (isMember(channel)) return undefined;
    if (isPrivate(channel)) return { ok: false, error: 'channel_not_found' };
    if (action === 'post' && scopes().includes('chat:write.public')) return undefined;
    return { ok: false, error: 'not_in_channel' };
  }

  function call(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'conversations.info': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const needed = isPrivate(channel) ? 'groups:read' : 'channels:read';
        if (!scopes().includes(needed))
          return { ok: false, error: 'missing_scope', needed, provided: scopes().join(',') };
        if (isPrivate(channel) && !isMember(channel)) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: channel,
            is_channel: !isPrivate(channel),
            is_private: isPrivate(channel),
            is_member: isMember(channel),
          },
        };
      }
      case 'chat.delete': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const at = messages.findIndex((m) => m.channel === channel && m.ts === args.ts);
        if (at < 0) return { ok: false, error: 'message_not_found' };
        messages.splice(at, 1);
        return { ok: true, channel, ts: args.ts };
      }
      case 'auth.test':
        return {
          ok: true,
          url: 'https://lamplighter-sandbox.slack.com/',
          team: 'Sandbox',
          user: 'lamplighter',
          team_id: 'T0SANDBOX',
          user_id: 'U0LAMPLIT',
          bot_id: 'B0LAMPLIT',
        };
      case 'chat.postMessage': {
        const channel = directory.resolve(args.channel, true);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (directory.archived(channel)) return { ok: false, error: 'is_archived' };
        const postRefused = refused(channel, 'post');
        if (postRefused) return postRefused;
        const errors = messageErrors(args);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        if (!args.text && !args.blocks && !args.attachments) return { ok: false, error: 'no_text' };
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs))
          return { ok: false, error: 'thread_not_found' };
        const stored: StoredMessage = {
          channel,
          ts: nextTs(),
          threadTs,
          text: String(args.text ?? '').slice(0, 40000),
          blocks: args.blocks,
          attachments: args.attachments,
          ...(args.metadata
            ? { metadata: typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata }
            : {}),
          ...(threadTs && (args.reply_broadcast === true || args.reply_broadcast === 'true')
            ? { broadcast: true }
            : {}),
          updates: 0,
        };
        messages.push(stored);
        return {
          ok: true,
          channel,
          ts: stored.ts,
          message: { text: stored.text, ts: stored.ts, ...(threadTs ? { thread_ts: threadTs } : {}) },
        };
      }
      case 'conversations.list':
        return directory.list(args);
      case 'conversations.history': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const readRefused = refused(channel, 'read');
        if (readRefused) return readRefused;
        const oldest = Number(args.oldest ?? 0);
        const found = messages
          // A reply broadcast to the channel is in its history too, as Slack lists it (thread_broadcast).
          .filter((m) => m.channel === channel && (!m.threadTs || m.broadcast) && Number(m.ts) > oldest)
          .reverse()
          .slice(0, Number(args.limit ?? 100));
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        return {
          ok: true,
          messages: found.map((m) => ({
            type: 'message',
            ts: m.ts,
            ...(m.broadcast ? { subtype: 'thread_broadcast', thread_ts: m.threadTs } : {}),
            text: m.text,
            ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
          })),
          has_more: false,
        };
      }
      case 'conversations.replies': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const parent = messages.find((m) => m.channel === channel && m.ts === args.ts && !m.threadTs);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const thread = [parent, ...messages.filter((m) => m.channel === channel && m.threadTs === parent.ts)];
        return {
          ok: true,
          messages: thread.slice(0, Number(args.limit ?? 1000)).map((m) => ({
            type: 'message',
            ts: m.ts,
            ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
            text: m.text,
            ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
          })),
          has_more: false,
        };
      }
      case 'chat.getPermalink': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const found = messages.find((m) => m.channel === channel && m.ts === args.message_ts);
        if (!found) return { ok: false, error: 'message_not_found' };
        return {
          ok: true,
          channel,
          permalink: `https://sandbox.slack.com/archives/${found.channel}/p${found.ts.replace('.', '')}`,
        };
      }
      case 'chat.update': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const stored = messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!stored) return { ok: false, error: 'message_not_found' };
        const errors = messageErrors(args);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        stored.text = String(args.text ?? stored.text).slice(0, 40000);
        stored.blocks = args.blocks;
        stored.attachments = args.attachments;
        stored.updates += 1;
        return { ok: true, channel, ts: stored.ts, text: stored.text };
      }
      case 'usergroups.users.list': {
        const members = options.userGroups?.[String(args.usergroup ?? '')];
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.open': {
        const user = String(args.users ?? '').split(',')[0];
        if (!user) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: 'D' + channelId('#dm-' + user).slice(1) } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isFinite(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++fileSeq).padStart(8, '0')}`;
        files.push({ id, filename: String(args.filename), content: Buffer.alloc(0) });
        return { ok: true, upload_url: `${baseUrl()}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = typeof args.files === 'string' ? (JSON.parse(args.files) as unknown) : args.files;
        if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const channel = args.channel_id === undefined ? undefined : resolveChannel(args.channel_id);
        if (args.channel_id !== undefined && !channel) return { ok: false, error: 'channel_not_found' };
        const done: unknown[] = [];
        for (const item of list as Array<{ id?: string; title?: string }>) {
          const file = files.find((f) => f.id === item.id);
          if (!file || file.content.length === 0) return { ok: false, error: 'file_not_found' };
          file.title = item.title;
          file.channel = channel;
          file.threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
          done.push({ id: file.id, title: file.title, name: file.filename });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  return {
    messages,
    files,
    call,
    channelKey: directory.key,
    takeFault,
    failNext(method: string, list: Fault[]) {
      faults.set(method, [...(faults.get(method) ?? []), ...list]);
    },
    reset() {
      messages.length = 0;
      files.length = 0;
      faults.clear();
      directory.reset();
      clock = Math.floor(Date.now() / 1000);
    },
  };
}
