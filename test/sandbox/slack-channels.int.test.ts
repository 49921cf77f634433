import { SLACK_RATE_LIMITS, startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';

const TOKEN = 'xoxb-channels';
let slack: SlackApiServer;

const start = (limits = false) =>
  startSlackApiServer({
    token: TOKEN,
    ...(limits ? { rateLimits: SLACK_RATE_LIMITS } : {}),
    channels: [
      { name: 'alerts', id: 'C0ALERTS01' },
      { name: 'payments', id: 'C0PAYMENTS' },
      { name: 'secret-ops', id: 'G0SECRET01', isPrivate: true },
      { name: 'hr-private', id: 'G0HRHRHR01', isPrivate: true, isMember: false },
      { name: 'old-alerts', id: 'C0OLDALRT1', isArchived: true },
    ],
  });

beforeAll(async () => {
  slack = await start();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const call = async (method: string, body: Record<string, unknown>) => {
  const res = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the Slack test server, naming channels as Slack does', () => {
  it('takes a name in chat.postMessage and answers with the channel id', async () => {
    for (const channel of ['#alerts', 'alerts', 'C0ALERTS01']) {
      const { body } = await call('chat.postMessage', { channel, text: `to ${channel}` });
      expect(body).toMatchObject({ ok: true, channel: 'C0ALERTS01' });
    }
    expect(slack.messages.map((m) => m.channel)).toEqual(['C0ALERTS01', 'C0ALERTS01', 'C0ALERTS01']);
  });

  it('answers channel_not_found to a name in every other method, and works with the id', async () => {
    const { body: posted } = await call('chat.postMessage', { channel: '#alerts', text: 'live' });
    const ts = posted.ts as string;
    for (const channel of ['#alerts', 'alerts']) {
      expect((await call('chat.update', { channel, ts, text: 'v2' })).body).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      expect((await call('chat.getPermalink', { channel, message_ts: ts })).body.error).toBe('channel_not_found');
      expect((await call('conversations.history', { channel })).body.error).toBe('channel_not_found');
      expect((await call('conversations.replies', { channel, ts })).body.error).toBe('channel_not_found');
    }
    expect(slack.messages[0]!.text).toBe('live');
    expect((await call('chat.update', { channel: 'C0ALERTS01', ts, text: 'v2' })).body.ok).toBe(true);
    expect(slack.messages[0]!.text).toBe('v2');
  });

  it('refuses a post to a private channel the bot is not in, and to an archived one', async () => {
    expect((await call('chat.postMessage', { channel: '#hr-private', text: 'x' })).body.error).toBe(
      'channel_not_found',
    );
    expect((await call('chat.postMessage', { channel: '#old-alerts', text: 'x' })).body.error).toBe('is_archived');
    expect((await call('chat.postMessage', { channel: '#no-such-channel', text: 'x' })).body.error).toBe(
      'channel_not_found',
    );
    expect((await call('chat.postMessage', { channel: '#secret-ops', text: 'x' })).body.channel).toBe('G0SECRET01');
  });

  it('lists channels by type, without archived ones when asked, page by page', async () => {
    const seen: Array<Record<string, unknown>> = [];
    let cursor = '';
    let pages = 0;
    do {
      const { body } = await call('conversations.list', {
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(body.ok).toBe(true);
      seen.push(...(body.channels as Array<Record<string, unknown>>));
      cursor = (body.response_metadata as { next_cursor: string }).next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen.map((c) => [c.id, c.name, c.is_private, c.is_member])).toEqual([
      ['C0ALERTS01', 'alerts', false, true],
      ['C0PAYMENTS', 'payments', false, true],
      ['G0SECRET01', 'secret-ops', true, true],
    ]);
    // Public channels only, by default; archived ones too unless excluded.
    const { body } = await call('conversations.list', {});
    expect((body.channels as Array<{ name: string }>).map((c) => c.name)).toEqual(['alerts', 'payments', 'old-alerts']);
  });

  it('counts a channel’s post limit once, whether a post names it or gives its id', async () => {
    await slack.close();
    slack = await start(true);
    const statuses: number[] = [];
    for (const channel of ['#payments', 'C0PAYMENTS', 'payments', 'C0PAYMENTS'])
      statuses.push((await call('chat.postMessage', { channel, text: 'n' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('limits conversations.list as Tier 2: about 20 a minute, then 429 with Retry-After', async () => {
    await slack.close();
    slack = await start(true);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await call('conversations.list', {})).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
  });
});
