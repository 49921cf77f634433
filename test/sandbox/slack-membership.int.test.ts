import { MANIFEST_SCOPES, startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';

let slack: SlackApiServer;
afterEach(() => slack.close());

async function call(method: string, args: Record<string, string>) {
  const res = await fetch(slack.apiUrl + method, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-t', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return { body: (await res.json()) as Record<string, unknown>, scopes: res.headers.get('x-oauth-scopes') };
}

describe('the Slack test server, on channels the bot is not in', () => {
  it('answers as Slack does: not_in_channel for a public one, channel_not_found for a private one', async () => {
    slack = await startSlackApiServer({
      botChannels: ['C0MEMBER01'],
      privateChannels: ['C0PRIVATE1'],
      scopes: MANIFEST_SCOPES.filter((s) => s !== 'chat:write.public'),
    });
    expect((await call('conversations.history', { channel: 'C0MEMBER01' })).body.ok).toBe(true);
    expect((await call('conversations.history', { channel: 'C0PUBLIC01' })).body).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
    expect((await call('conversations.history', { channel: 'C0PRIVATE1' })).body.error).toBe('channel_not_found');
    expect((await call('chat.postMessage', { channel: 'C0PUBLIC01', text: 'x' })).body.error).toBe('not_in_channel');
    expect((await call('chat.postMessage', { channel: 'G0PRIVATE2', text: 'x' })).body.error).toBe('channel_not_found');
    expect(slack.messages).toEqual([]);
  });

  it('lets chat:write.public post in public channels only, and says which scopes the token has', async () => {
    slack = await startSlackApiServer({ botChannels: [] });
    const posted = await call('chat.postMessage', { channel: 'C0PUBLIC01', text: 'x' });
    expect(posted.body.ok).toBe(true);
    expect(posted.scopes).toBe(MANIFEST_SCOPES.join(','));
    expect((await call('chat.postMessage', { channel: 'G0PRIVATE2', text: 'x' })).body.error).toBe('channel_not_found');
  });

  it('answers conversations.info only with the read scopes, and chat.delete for a message that exists', async () => {
    const withoutRead = MANIFEST_SCOPES.filter((s) => s !== 'channels:read' && s !== 'groups:read');
    slack = await startSlackApiServer({ botChannels: ['C0MEMBER01'], scopes: withoutRead });
    expect((await call('conversations.info', { channel: 'C0MEMBER01' })).body).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'channels:read',
    });
    await slack.close();
    slack = await startSlackApiServer({ botChannels: ['C0MEMBER01'] });
    expect((await call('conversations.info', { channel: 'C0PUBLIC01' })).body).toEqual({
      ok: true,
      channel: { id: 'C0PUBLIC01', is_channel: true, is_private: false, is_member: false },
    });
    const posted = await call('chat.postMessage', { channel: 'C0MEMBER01', text: 'x' });
    const ts = String(posted.body.ts);
    expect((await call('chat.delete', { channel: 'C0MEMBER01', ts })).body).toEqual({
      ok: true,
      channel: 'C0MEMBER01',
      ts,
    });
    expect((await call('chat.delete', { channel: 'C0MEMBER01', ts })).body.error).toBe('message_not_found');
    expect(slack.messages).toEqual([]);
  });
});
