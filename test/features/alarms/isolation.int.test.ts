/**
 * The notifier runs concurrently: one channel whose Slack side is slow (every call 1.5 s here) must not
 * delay another channel's alerts. Real time, invocations at once, as Lambda runs them.
 */
import { alarmEvent, app, DEFAULT_CHANNEL, headerOf, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness({ slackLimits: true, slowChannels: { C0PAYMENTS: 1500 } });

describe('isolation between channels', () => {
  it('posts an alert to #alerts at once while #payments answers every call 1.5 s late (within the client timeout)', async () => {
    w.realTime = true;
    const notifier = app({ GRAPHS_ENABLED: 'false', LOG_LINES: '0' });
    const started = Date.now();
    // Three alarms into the slow channel first, then one into #alerts.
    const slow = ['payments-a', 'payments-b', 'payments-c'].map((name, i) =>
      notifier.handle(alarmEvent(name, 'ALARM', new Date(), `iso-p-${i}`), Date.now() + 60_000),
    );
    await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    const fast = notifier.handle(alarmEvent('checkout-5xx', 'ALARM', new Date(), 'iso-a'), Date.now() + 60_000);
    await fast;
    const posted = w.slack.calls.find(
      (c) => c.method === 'chat.postMessage' && c.status === 200 && String(c.body.text).includes('checkout-5xx'),
    );
    expect(posted).toBeDefined();
    // Applied well within the slow channel's first answer.
    expect((posted!.at ?? Infinity) - sent).toBeLessThan(1000);
    await Promise.all(slow);
    const alerts = w.slack.messages.filter((m) => m.channel === DEFAULT_CHANNEL && !m.threadTs);
    expect(alerts.map((m) => headerOf(m)?.blocks[0]?.text?.text)).toEqual([':red_circle: ALARM: checkout-5xx']);
    expect(w.slack.messages.filter((m) => m.channel === 'C0PAYMENTS' && !m.threadTs)).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  }, 60_000);
});
