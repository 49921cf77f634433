import { SlackDeliveryError } from '../../kernel/errors';
import type { ResponseUrlMessage } from '../../kernel/slack/port';
import { wellFormedDeep } from '../../kernel/untrusted';

/**
 * Posts to a slash command's or button's response_url. Slack allows five uses in 30 minutes;
 * past that (or for a URL that never was Slack's) the answer is 404 `expired_url`.
 */
/**
 * A response_url must be Slack's (hooks.slack.com) or the configured Slack API's host (a test
 * server): a job naming any other URL would send its answer, log lines included, elsewhere.
 */
export function isSlackResponseUrl(url: string, slackApiUrl: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && (u.hostname === 'hooks.slack.com' || u.hostname.endsWith('.slack.com'))) return true;
    return u.origin === new URL(slackApiUrl).origin;
  } catch {
    return false;
  }
}

export async function postToResponseUrl(
  url: string,
  message: ResponseUrlMessage,
  slackApiUrl: string,
  fetchFn: typeof fetch = fetch,
  timeoutMs = 5000,
): Promise<void> {
  if (!isSlackResponseUrl(url, slackApiUrl))
    throw new SlackDeliveryError(
      'slack_bad_response_url',
      "response_url is not Slack's; the answer was not sent",
      false,
    );
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      // Slack's text, as the Web API's (web-api.ts): no lone surrogate may reach Slack.
      body: JSON.stringify(wellFormedDeep({ response_type: 'ephemeral', replace_original: false, ...message })),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // A timeout may still have posted: not retried, or the answer could show twice.
    const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    throw new SlackDeliveryError(
      'slack_unreachable',
      `response_url: could not reach Slack (${(err as Error).message})`,
      !timedOut,
      { cause: err },
    );
  }
  if (res.status === 404 || res.status === 410)
    throw new SlackDeliveryError('slack_expired_url', 'response_url: expired (30 minutes or 5 uses)', false);
  if (res.status === 429)
    throw Object.assign(new SlackDeliveryError('slack_rate_limited', 'response_url: rate limited', true), {
      retryAfterMs: Number(res.headers.get('retry-after') ?? '1') * 1000,
    });
  if (!res.ok)
    throw new SlackDeliveryError(
      'slack_http_error',
      `response_url: Slack answered HTTP ${res.status}`,
      res.status >= 500,
    );
}
