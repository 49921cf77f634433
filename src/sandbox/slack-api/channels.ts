import type { SlackApiServerOptions } from './types';

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;
const CHANNEL_NAME = /^#?([a-z0-9][a-z0-9._-]{0,79})$/;

/** Channel names map to stable made-up ids, as Slack answers with the id. */
export function channelId(channel: string): string {
  if (CHANNEL_ID.test(channel)) return channel;
  let h = 0;
  for (const c of channel.replace(/^#/, '')) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 'C' + h.toString(36).toUpperCase().padStart(8, '0');
}

interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  isMember: boolean;
  isArchived: boolean;
}

/**
 * The workspace's channels, and Slack's rule for naming them: `chat.postMessage` takes a channel
 * name (`#alerts` or `alerts`) or an id and answers with the id; every other method takes the id
 * only, and a name gets `channel_not_found` (DESIGN.md, "Slack channels").
 *
 * Given `channels`, only those exist (unless `otherChannels`). Without, any id or name is taken
 * to be a public channel the first time it is used (a name gets a made-up stable id), as tests
 * that name no channels expect; `conversations.list` lists those seen so far.
 */
export function createChannelDirectory(options: Pick<SlackApiServerOptions, 'channels' | 'otherChannels'>) {
  const specs = options.channels;
  const strict = specs !== undefined && !options.otherChannels;
  const channels: Channel[] = [];
  const seed = () => {
    channels.length = 0;
    for (const s of specs ?? [])
      channels.push({
        id: s.id ?? channelId(s.name),
        name: s.name.replace(/^#/, ''),
        isPrivate: s.isPrivate ?? false,
        isMember: s.isMember ?? true,
        isArchived: s.isArchived ?? false,
      });
  };
  seed();

  const learn = (id: string, name: string): Channel => {
    const channel = { id, name, isPrivate: false, isMember: true, isArchived: false };
    channels.push(channel);
    return channel;
  };

  /** The channel with this id (ids only: a name is not found, as Slack answers). */
  function byId(raw: unknown): Channel | undefined {
    if (typeof raw !== 'string' || !CHANNEL_ID.test(raw)) return undefined;
    const found = channels.find((c) => c.id === raw);
    if (found) return found;
    // A DM's id comes from conversations.open; not a channel of the directory.
    if (strict && !raw.startsWith('D')) return undefined;
    return learn(raw, raw.toLowerCase());
  }

  /** The channel `chat.postMessage` names: an id, or a name. */
  function forPost(raw: unknown): Channel | undefined {
    if (typeof raw !== 'string') return undefined;
    const name = CHANNEL_NAME.exec(raw)?.[1];
    if (!name) return byId(raw);
    const found = channels.find((c) => c.name === name);
    if (found) return found;
    return strict ? undefined : learn(channelId(name), name);
  }

  /** What a bot may post to: a private channel it is not in does not exist, for it. */
  const visible = (c: Channel | undefined) => (c && (!c.isPrivate || c.isMember) ? c : undefined);

  /** conversations.list: by `types`, without archived ones if asked, in pages (`cursor`, `limit`). */
  function list(args: Record<string, unknown>): Record<string, unknown> {
    const types = String(args.types ?? 'public_channel').split(',');
    const excludeArchived = args.exclude_archived === true || args.exclude_archived === 'true';
    const limit = Math.min(1000, Math.max(1, Number(args.limit ?? 100) || 100));
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString('utf8').slice(3)) : 0;
    if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'invalid_cursor' };
    const matching = channels.filter(
      (c) =>
        !c.id.startsWith('D') &&
        types.includes(c.isPrivate ? 'private_channel' : 'public_channel') &&
        // The bot sees private channels only once it is in them.
        (!c.isPrivate || c.isMember) &&
        !(excludeArchived && c.isArchived),
    );
    const page = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? Buffer.from(`id:${start + limit}`).toString('base64') : '';
    return {
      ok: true,
      channels: page.map((c) => ({
        id: c.id,
        name: c.name,
        is_channel: !c.isPrivate,
        is_group: false,
        is_private: c.isPrivate,
        is_archived: c.isArchived,
        is_member: c.isMember,
      })),
      response_metadata: { next_cursor: next },
    };
  }

  return {
    /** The id of the channel a call names, or undefined (`channel_not_found`); `post`: names allowed. */
    resolve(raw: unknown, post = false): string | undefined {
      return visible(post ? forPost(raw) : byId(raw))?.id;
    },
    /** What the workspace knows of a channel id (undefined for one not seen yet). */
    info: (id: string): Readonly<Channel> | undefined => channels.find((c) => c.id === id),
    /** Whether the channel is archived (posts get `is_archived`). */
    archived: (id: string) => channels.some((c) => c.id === id && c.isArchived),
    /** The key a per-channel rate limit counts under: the channel, however it was named. */
    key(raw: unknown): string {
      return (CHANNEL_NAME.test(String(raw)) ? forPost(raw)?.id : undefined) ?? String(raw);
    },
    list,
    reset: seed,
  };
}
