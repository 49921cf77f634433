import { SlackDeliveryError } from '../errors';
import { withSlackRetry } from '../retry';

/** A Slack channel id: C… (public), G… (private, older workspaces), D… (a direct message). */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

export const isChannelId = (channel: string): boolean => CHANNEL_ID.test(channel);

/** A channel as conversations.list names it. */
export interface ChannelEntry {
  id: string;
  name: string;
}

/** A re-listing for a name not found, at most this often (a channel created or joined since). */
const RELIST_AFTER_MS = 60_000;
/**
 * How long a listing may wait out Slack (conversations.list is Tier 2, about 20 a minute, and
 * many containers may start at once): longer than a Retry-After or two, well inside an invocation.
 */
const LISTING_PATIENCE_MS = 15_000;

/**
 * Channel names to ids (DESIGN.md, "Slack channels"): only chat.postMessage takes a name; every
 * other method, and every key, lock and comparison Lamplighter keeps, needs the id. An id is
 * answered as given; a name (`#alerts` or `alerts`) from one listing of the workspace's channels,
 * made the first time a name is asked for and kept for the life of the client (a cold start).
 *
 * Listed, not learned from a post's answer: the id is needed before anything is posted (the
 * channel's flow decides whether a new alarm posts at all, and a storm's first post is the storm
 * message, drawn from that flow), so learning it afterwards would key the first writes by name.
 */
export function createChannelIds(
  list: () => Promise<ChannelEntry[]>,
  clock: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): (channel: string) => Promise<string> {
  const now = clock.now ?? Date.now;
  let listing: Promise<Map<string, string>> | undefined;
  let listedAt = 0;

  const relist = () => {
    listedAt = now();
    const deadline = now() + LISTING_PATIENCE_MS;
    const started = withSlackRetry(list, {
      deadline: () => deadline,
      now,
      reserveMs: 0,
      ...(clock.sleep ? { sleep: clock.sleep } : {}),
    }).then(
      (channels) => new Map(channels.map((c) => [c.name, c.id])),
      (err: unknown) => {
        // Not kept: the next call lists again (a scope granted, Slack back).
        if (listing === started) listing = undefined;
        throw err;
      },
    );
    listing = started;
    return started;
  };

  return async (channel) => {
    if (isChannelId(channel)) return channel;
    const name = channel.replace(/^#/, '');
    let ids = await (listing ?? relist()).catch((err: unknown) => {
      throw explainListing(channel, err);
    });
    if (!ids.has(name) && now() - listedAt >= RELIST_AFTER_MS)
      ids = await relist().catch((err: unknown) => {
        throw explainListing(channel, err);
      });
    const id = ids.get(name);
    if (id) return id;
    throw new SlackDeliveryError(
      'slack_channel_not_found',
      `no channel named #${name} that Lamplighter can see: check the name, invite the bot to a private channel, or configure the channel's id (C0123ABCD)`,
      false,
    );
  };
}

/** A listing refused for want of a scope says what to do about it. */
function explainListing(channel: string, err: unknown): unknown {
  if (!(err instanceof SlackDeliveryError) || err.code !== 'slack_missing_scope') return err;
  return new SlackDeliveryError(
    err.code,
    `${channel} is a channel name; finding its id needs the channels:read and groups:read scopes (reinstall the Slack app from manifest.yaml), or configure the channel's id (C0123ABCD) instead`,
    false,
    { cause: err },
  );
}
