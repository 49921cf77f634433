import type { RateLimits } from './types';

/** A token bucket: `capacity` at once, refilled at `perMs` tokens a millisecond. */
function bucket(capacity: number, perMs: number) {
  let tokens = capacity;
  let at = Date.now();
  return {
    /** 0 when taken; else the seconds to wait (Retry-After). */
    take(): number {
      const now = Date.now();
      tokens = Math.min(capacity, tokens + (now - at) * perMs);
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    },
  };
}

/**
 * Slack's limits, enforced as its docs state them: chat.postMessage per channel, chat.update per
 * workspace (Tier 3), conversations.list per workspace (Tier 2). Answers the Retry-After seconds
 * of a call over its limit, or 0.
 */
export function createRateLimiter(
  limits: RateLimits,
  channelKey: (channel: unknown) => string = String,
): (method: string, args: Record<string, unknown>) => number {
  const posts = new Map<string, ReturnType<typeof bucket>>();
  const updates = bucket(limits.updateBurst, limits.updatesPerMinute / 60_000);
  const lists = limits.listsPerMinute ? bucket(limits.listsPerMinute, limits.listsPerMinute / 60_000) : undefined;
  return (method, args) => {
    if (method === 'chat.update') return updates.take();
    if (method === 'conversations.list') return lists?.take() ?? 0;
    if (method !== 'chat.postMessage') return 0;
    // One channel, however the call names it (`#alerts` or its id).
    const channel = channelKey(args.channel);
    let perChannel = posts.get(channel);
    if (!perChannel)
      posts.set(channel, (perChannel = bucket(limits.postBurst, limits.postsPerSecondPerChannel / 1000)));
    return perChannel.take();
  };
}
