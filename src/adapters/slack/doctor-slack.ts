import type { DoctorSlack, SlackAnswer } from '../../features/doctor/port';

/**
 * The four Web API calls doctor makes, over plain HTTPS: no retries (a check reports what Slack
 * answers now), a 10-second bound each. SLACK_API_URL points it at the Slack test server.
 */
export function createDoctorSlack(token: string, apiUrl = 'https://slack.com/api/'): DoctorSlack {
  const base = apiUrl.endsWith('/') ? apiUrl : apiUrl + '/';
  async function call(
    method: string,
    args: Record<string, string>,
  ): Promise<{ body: Record<string, unknown>; scopes: string[] }> {
    let res: Response;
    try {
      res = await fetch(base + method, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(args).toString(),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      return { body: { ok: false, error: `unreachable (${(err as Error).message.slice(0, 100)})` }, scopes: [] };
    }
    const scopes = (res.headers.get('x-oauth-scopes') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!res.ok) return { body: { ok: false, error: `HTTP ${res.status}` }, scopes };
    try {
      return { body: (await res.json()) as Record<string, unknown>, scopes };
    } catch {
      return { body: { ok: false, error: 'not JSON' }, scopes };
    }
  }
  const answer = <T extends object>(body: Record<string, unknown>, pick: () => T): SlackAnswer<T> =>
    body.ok === true
      ? { ok: true, ...pick() }
      : { ok: false, error: String(body.error ?? 'unknown_error').slice(0, 100) };

  return {
    async authTest() {
      const { body, scopes } = await call('auth.test', {});
      return answer(body, () => ({ team: String(body.team ?? ''), user: String(body.user ?? ''), scopes }));
    },
    async channelAccess(channel) {
      const { body } = await call('conversations.history', { channel, limit: '1' });
      return answer(body, () => ({}));
    },
    async postMessage(channel, text) {
      const { body } = await call('chat.postMessage', { channel, text });
      return answer(body, () => ({ channel: String(body.channel ?? channel), ts: String(body.ts ?? '') }));
    },
    async deleteMessage(channel, ts) {
      const { body } = await call('chat.delete', { channel, ts });
      return answer(body, () => ({}));
    },
  };
}
