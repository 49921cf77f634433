import type { StoredMessage } from '../../../src/sandbox/slack-api';
import type { NotifierApp } from '../../../src/app/notifier';
import { alarmEvent, app, headerOf, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

/** The defaults a deployment gets (STORM_THRESHOLD 5), a one-second gather, no graphs. */
const grouping = () =>
  app({
    GRAPHS_ENABLED: 'false',
    THREAD_DIGEST_SECONDS: '60',
    STORM_GATHER_SECONDS: '1',
    SLACK_POSTS_PER_MINUTE: '30',
  });

/** As Lambda runs an async invoke: a failed one is retried, twice. */
async function invoke(notifier: NotifierApp, event: unknown) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await notifier.handle(event, soon());
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
}

const blocksText = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const isStorm = (m: StoredMessage | undefined) => blocksText(m).includes('thunder_cloud_and_rain');
const titleOf = (m: StoredMessage | undefined) => headerOf(m)?.blocks[0]?.text?.text ?? '';

describe('a small storm', () => {
  it('posts its summary first when seven alarms open at once; their own messages follow it', async () => {
    const notifier = grouping();
    const t0 = w.clock;
    const names = Array.from({ length: 7 }, (_, i) => `checkout-${i + 1}-5xx`);
    // Seven deliveries at once, as SNS invokes the notifier: concurrently.
    await Promise.all(
      names.map((name, i) =>
        invoke(notifier, alarmEvent(name, 'ALARM', new Date(t0.getTime() + i * 100), `burst-${name}`)),
      ),
    );
    // What is left (if a pass lost a race) is done by the next scheduled pass; the storm message
    // is redrawn at most every 3 s.
    w.clock = new Date(t0.getTime() + 5000);
    await notifier.handle({ lamplighter: 'drain' }, soon());

    const posts = w.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
    const first = posts[0]?.body;
    expect(JSON.stringify(first?.blocks ?? [])).toContain('thunder_cloud_and_rain');
    // What the channel shows: the summary on top, then each alarm's own message, once.
    const channel = topLevel();
    expect(isStorm(channel[0])).toBe(true);
    expect(channel[0]!.text).toBe('7 alarms in ALARM in us-east-1 since 10:00 UTC');
    for (const name of names) expect(blocksText(channel[0])).toContain(name);
    const own = channel.slice(1);
    expect(own.some(isStorm)).toBe(false);
    expect(own.map(titleOf).sort()).toEqual(names.map((n) => `:red_circle: ALARM: ${n}`).sort());
  });

  it('posts a lone alarm after the gather, on its own', async () => {
    const notifier = grouping();
    const started = Date.now();
    const [outcome] = await invoke(notifier, alarmEvent('lonely-5xx', 'ALARM', w.clock, 'lone-1'));
    expect(outcome).toMatchObject({ action: 'open', ts: expect.any(String) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(topLevel().map(titleOf)).toEqual([':red_circle: ALARM: lonely-5xx']);
  });
});
