import type { RateLimits } from './types';

/** A token bucket: `capacity` at once, refilled at `perMs` tokens a millisecond. */
function bucket(capacity: number, perMs: number, clock: () => number) {
  let tokens = capacity;
  let at = clock();
  return {
    /** 0 when taken; else the seconds to wait (Retry-After). */
    take(): number {
      const now = clock();
      // A test's clock may be set back between tests: no refill, and no debt, for that.
      tokens = Math.min(capacity, tokens + Math.max(0, now - at) * perMs);
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
  clock: () => number = Date.now,
): (method: string, args: Record<string, unknown>) => number {
  const posts = new Map<string, ReturnType<typeof bucket>>();
  // One bucket for the whole workspace, whatever the channel: Tier 3 is per app per workspace.
  const updates = bucket(limits.updateBurst, limits.updatesPerMinute / 60_000, clock);
  const lists = limits.listsPerMinute
    ? bucket(limits.listsPerMinute, limits.listsPerMinute / 60_000, clock)
    : undefined;
  return (method, args) => {
    if (method === 'chat.update') return updates.take();
    if (method === 'conversations.list') return lists?.take() ?? 0;
    if (method !== 'chat.postMessage') return 0;
    // One channel, however the call names it (`#alerts` or its id).
    const channel = channelKey(args.channel);
    let perChannel = posts.get(channel);
    if (!perChannel)
      posts.set(channel, (perChannel = bucket(limits.postBurst, limits.postsPerSecondPerChannel / 1000, clock)));
    return perChannel.take();
  };
}
