import { SlackDeliveryError } from '../../../src/kernel/errors';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  soon,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness();

describe('the notifier when Slack fails: waits, retries, fails plainly', () => {
  it('waits out a 429 with Retry-After and then posts once', async () => {
    w.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('api-5xx', 'ALARM', w.clock, 'rl-1'), soon());
    expect(w.slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(topLevel()).toHaveLength(1);
  });

  it('fails the invocation on a 429 past its time budget, and the retry posts exactly once', async () => {
    w.slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const event = alarmEvent('api-latency', 'ALARM', w.clock, 'rl-2');
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await expect(notifier.handle(event, Date.now() + 5_000)).rejects.toMatchObject({ code: 'slack_rate_limited' });
    expect(topLevel()).toHaveLength(0);
    // Lambda retries the same event:
    await notifier.handle(event, soon());
    await notifier.handle(event, soon());
    expect(topLevel()).toHaveLength(1);
  });

  it('retries a 5xx from Slack and then posts', async () => {
    w.slack.failNext('chat.postMessage', { status: 503 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('lb-5xx', 'ALARM', w.clock, '5xx-1'), soon());
    expect(w.slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
    expect(topLevel()).toHaveLength(1);
  });

  it('retries a Slack call that timed out, adopting the post that landed instead of posting it again', async () => {
    // Slack applies the post at once, but its answer comes after the client's 2 s timeout.
    w.slack.failNext('chat.postMessage', { answerAfterMs: 2500 });
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('slow-slack', 'ALARM', w.clock, 'timeout-1'), soon());
    // The client gave up on the slow call; the retry looked for it in the channel and found it.
    expect(w.slack.callsTo('conversations.history')).toHaveLength(1);
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    expect(w.logLines.filter((l) => l.includes('"message":"delivered"'))).toEqual([
      expect.stringContaining('"action":"open"'),
    ]);
  });

  it('fails plainly on a bad token (for the dead-letter queue) and never logs the token', async () => {
    // By id: the post itself meets the bad token (by name, the listing before it would).
    const notifier = app({
      SLACK_BOT_TOKEN: 'xoxb-revoked-token',
      GRAPHS_ENABLED: 'false',
      SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
    });
    const failure = notifier.handle(alarmEvent('bad-token', 'ALARM', w.clock, 'auth-1'), soon());
    await expect(failure).rejects.toBeInstanceOf(SlackDeliveryError);
    await expect(failure).rejects.toMatchObject({
      code: 'slack_invalid_auth',
      retryable: false,
      message: 'chat.postMessage: Slack answered "invalid_auth"',
    });
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const logged = w.logLines.join('\n');
    expect(logged).toContain('Slack refused the message; it will go to the dead-letter queue');
    expect(logged).not.toContain('xoxb-');
  });
});
