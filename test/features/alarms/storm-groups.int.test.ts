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
  it('posts its summary first when seven alarms open at once; their own messages follow once it is over', async () => {
    // Real time: the gather is a real wait, as in Lambda.
    w.realTime = true;
    const notifier = grouping();
    const t0 = new Date();
    const names = Array.from({ length: 7 }, (_, i) => `checkout-${i + 1}-5xx`);
    // Seven deliveries at once, as SNS invokes the notifier: concurrently.
    await Promise.all(
      names.map((name, i) =>
        invoke(notifier, alarmEvent(name, 'ALARM', new Date(t0.getTime() + i * 100), `burst-${name}`)),
      ),
    );
    const posts = w.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
    expect(JSON.stringify(posts[0]?.body.blocks ?? [])).toContain('thunder_cloud_and_rain');
    // What the channel shows while they are in ALARM: the summary, whose lines are their messages.
    const channel = topLevel();
    expect(channel).toHaveLength(1);
    expect(isStorm(channel[0])).toBe(true);
    expect(channel[0]!.text).toMatch(/^7 alarms in ALARM in us-east-1 since \d\d:\d\d UTC$/);
    for (const name of names) expect(blocksText(channel[0])).toContain(name);

    // They clear; once the storm is over (a quiet window, none in ALARM), each alarm's own
    // message follows the summary, in its latest state, once.
    w.realTime = false;
    w.clock = new Date(Date.now() + 60_000);
    for (const name of names) await invoke(notifier, alarmEvent(name, 'OK', w.clock, `ok-${name}`));
    for (let minute = 1; minute <= 8; minute++) {
      w.clock = new Date(w.clock.getTime() + 60_000);
      await notifier.handle({ lamplighter: 'drain' }, soon());
    }
    const after = topLevel();
    expect(isStorm(after[0])).toBe(true);
    expect(after[0]!.text).toMatch(/^Storm over: 7 alarms in us-east-1 since \d\d:\d\d UTC, 0 still in ALARM$/);
    const own = after.slice(1);
    expect(own.some(isStorm)).toBe(false);
    expect(own.map(titleOf).sort()).toEqual(names.map((n) => `:large_green_circle: RESOLVED: ${n}`).sort());
  });

  it('posts a lone alarm after the gather, on its own', async () => {
    w.realTime = true;
    const notifier = grouping();
    const started = Date.now();
    const [outcome] = await invoke(notifier, alarmEvent('lonely-5xx', 'ALARM', new Date(), 'lone-1'));
    expect(outcome).toMatchObject({ action: 'open', ts: expect.any(String) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(topLevel().map(titleOf)).toEqual([':red_circle: ALARM: lonely-5xx']);
  });
});
