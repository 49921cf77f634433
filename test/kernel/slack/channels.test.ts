import { SlackDeliveryError } from '../../../src/kernel/errors';
import { createChannelIds, type ChannelEntry } from '../../../src/kernel/slack/channels';

function directory(channels: ChannelEntry[]) {
  const state = { lists: 0, channels, fail: [] as Error[], clock: 0, slept: [] as number[] };
  const ids = createChannelIds(
    async () => {
      state.lists++;
      const fail = state.fail.shift();
      if (fail) throw fail;
      return [...state.channels];
    },
    {
      now: () => state.clock,
      sleep: async (ms) => {
        state.slept.push(ms);
        state.clock += ms;
      },
    },
  );
  return { ids, state };
}

describe('channel ids from configured names', () => {
  it('answers an id as given, without asking Slack', async () => {
    const { ids, state } = directory([]);
    expect(await ids('C0ALERTS01')).toBe('C0ALERTS01');
    expect(await ids('G0PRIVATE1')).toBe('G0PRIVATE1');
    expect(state.lists).toBe(0);
  });

  it('resolves `#name` and `name` from one listing, shared by calls made at once', async () => {
    const { ids, state } = directory([
      { id: 'C0ALERTS01', name: 'alerts' },
      { id: 'C0PAYMENTS', name: 'payments' },
    ]);
    expect(await Promise.all([ids('#alerts'), ids('alerts'), ids('#payments')])).toEqual([
      'C0ALERTS01',
      'C0ALERTS01',
      'C0PAYMENTS',
    ]);
    state.clock += 3_600_000;
    expect(await ids('#payments')).toBe('C0PAYMENTS');
    expect(state.lists).toBe(1);
  });

  it('refuses a name nobody can see, permanently and saying what to do; lists again a minute later', async () => {
    const { ids, state } = directory([{ id: 'C0ALERTS01', name: 'alerts' }]);
    const missing = await ids('#new-team').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SlackDeliveryError);
    expect(missing).toMatchObject({ code: 'slack_channel_not_found', retryable: false });
    expect((missing as Error).message).toMatch(/#new-team.*invite the bot.*channel's id/);
    // Asked again at once: no second listing (a typo must not list the workspace on every alarm).
    await expect(ids('#new-team')).rejects.toThrow(/#new-team/);
    expect(state.lists).toBe(1);
    // The channel is created; a minute on, a miss lists again and finds it.
    state.channels.push({ id: 'C0NEWTEAM1', name: 'new-team' });
    state.clock += 60_000;
    expect(await ids('#new-team')).toBe('C0NEWTEAM1');
    expect(state.lists).toBe(2);
  });

  it('explains a listing refused for want of a scope, and does not keep a failed listing', async () => {
    const { ids, state } = directory([{ id: 'C0ALERTS01', name: 'alerts' }]);
    state.fail = [
      new SlackDeliveryError('slack_missing_scope', 'conversations.list: Slack answered "missing_scope"', false),
    ];
    await expect(ids('#alerts')).rejects.toMatchObject({
      code: 'slack_missing_scope',
      retryable: false,
      message: expect.stringMatching(/#alerts is a channel name.*channels:read and groups:read.*manifest\.yaml/),
    });
    expect(await ids('#alerts')).toBe('C0ALERTS01');
    expect(state.lists).toBe(2);
  });

  it('waits out a rate limit on the listing (Tier 2) rather than fail the alert, within 15 s', async () => {
    const limited = () =>
      Object.assign(new SlackDeliveryError('slack_rate_limited', 'conversations.list: rate limited', true), {
        retryAfterMs: 3000,
      });
    const { ids, state } = directory([{ id: 'C0ALERTS01', name: 'alerts' }]);
    state.fail = [limited(), limited()];
    expect(await ids('#alerts')).toBe('C0ALERTS01');
    expect(state.slept).toEqual([3000, 3000]);
    // Limited past its patience: the alert fails, retryable, for Lambda's retry.
    const other = directory([{ id: 'C0ALERTS01', name: 'alerts' }]);
    other.state.fail = Array.from({ length: 9 }, limited);
    await expect(other.ids('#alerts')).rejects.toMatchObject({ code: 'slack_rate_limited', retryable: true });
    expect(other.state.clock).toBeLessThanOrEqual(15_000);
  });
});
