import { SLACK_RATE_LIMITS, startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';

const TOKEN = 'xoxb-rate';
let slack: SlackApiServer;

beforeAll(async () => {
  slack = await startSlackApiServer({ token: TOKEN, rateLimits: SLACK_RATE_LIMITS });
});
afterAll(() => slack.close());

const call = (method: string, body: Record<string, unknown>) =>
  fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

describe('the Slack test server, enforcing Slack’s rate limits', () => {
  it('allows a short burst of posts per channel, then answers 429 with Retry-After and applies nothing', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call('chat.postMessage', { channel: 'C0RATE001', text: `n${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call('chat.postMessage', { channel: 'C0RATE001', text: 'again' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    // Another channel has its own budget.
    expect((await call('chat.postMessage', { channel: 'C0RATE002', text: 'other' })).status).toBe(200);
    expect(slack.messages.map((m) => m.text)).toEqual(['n0', 'n1', 'n2', 'other']);
  });

  it('limits chat.update per workspace (Tier 3): a burst of 20, then 429', async () => {
    const posted = (await (await call('chat.postMessage', { channel: 'C0RATE003', text: 'x' })).json()) as {
      ts: string;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await call('chat.update', { channel: 'C0RATE003', ts: posted.ts, text: `v${i}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
  });
});
