import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import type { StoredMessage } from '../../../src/sandbox/slack-api';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  headerOf,
  soon,
  TABLE,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness();

/**
 * Channels configured by name (`#alerts`, as the sandbox and many deployments do): Slack takes the
 * name only in chat.postMessage and answers with the id; everything Lamplighter keeps must be
 * keyed by that id, or a storm's message is left behind its alarms.
 */
const byName = (env: Record<string, string> = {}) =>
  app({
    SLACK_DEFAULT_CHANNEL: '#alerts',
    LAMPLIGHTER_ROUTES: JSON.stringify([{ name: 'payments', channel: 'payments', alarmNamePrefix: 'payments-' }]),
    GRAPHS_ENABLED: 'false',
    THREAD_DIGEST_SECONDS: '60',
    SLACK_POSTS_PER_MINUTE: '30',
    SLACK_UPDATES_PER_MINUTE: '40',
    STORM_THRESHOLD: '6',
    STORM_WINDOW_MINUTES: '5',
    ...env,
  });

const seconds = (base: Date, n: number) => new Date(base.getTime() + n * 1000);
const blocksText = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const isStorm = (m: StoredMessage) => blocksText(m).includes('thunder_cloud_and_rain');
const storms = (channel = DEFAULT_CHANNEL) => topLevel(channel).filter(isStorm);
const titleOf = (m: StoredMessage | undefined) => headerOf(m)?.blocks[0]?.text?.text ?? '';
const ownMessagesOf = (name: string, channel = DEFAULT_CHANNEL) =>
  topLevel(channel).filter((m) => !isStorm(m) && titleOf(m).endsWith(`: ${name}`));

describe('a storm in a channel configured by name', () => {
  it.each([
    ['SLACK_DEFAULT_CHANNEL', '#alerts', 'byname', DEFAULT_CHANNEL],
    ['a route', 'payments', 'payments-byname', 'C0PAYMENTS'],
  ])(
    'given by %s (%s): resolves to all green, and a new alarm after the storm is not added into it',
    async (_how, _name, prefix, channel) => {
      const notifier = byName();
      const t0 = w.clock;
      const names = Array.from({ length: 8 }, (_, i) => `${prefix}-${i + 1}-5xx`);
      for (const [i, name] of names.entries()) {
        w.clock = seconds(t0, i);
        await notifier.handle(alarmEvent(name, 'ALARM', w.clock, `open-${name}`), soon());
      }
      w.clock = seconds(t0, 15);
      await notifier.handle({ lamplighter: 'drain' }, soon());
      expect(storms(channel)).toHaveLength(1);
      expect(storms(channel)[0]!.text).toBe('8 alarms in ALARM in us-east-1 since 10:00 UTC');

      // Every alarm resolves; the passes run as the schedule would.
      for (const [i, name] of names.entries()) {
        w.clock = seconds(t0, 30 + i);
        await notifier.handle(alarmEvent(name, 'OK', w.clock, `ok-${name}`), soon());
      }
      for (let minute = 1; minute <= 7; minute++) {
        w.clock = seconds(t0, 40 + minute * 60);
        await notifier.handle({ lamplighter: 'drain' }, soon());
      }
      const [storm] = storms(channel);
      expect(storms(channel)).toHaveLength(1);
      // Every line of the storm message is green, its title says none is in ALARM.
      expect(storm!.text).not.toMatch(/[1-9]\d* alarms? in ALARM/);
      expect(blocksText(storm)).not.toContain(':red_circle:');
      expect((blocksText(storm).match(/:large_green_circle:/g) ?? []).length).toBe(8);
      // Each alarm's own message is green, once.
      for (const name of names) {
        expect(ownMessagesOf(name, channel)).toHaveLength(1);
        expect(titleOf(ownMessagesOf(name, channel)[0])).toBe(`:large_green_circle: RESOLVED: ${name}`);
      }

      // Later, one more alarm: its own message, not a line in the old storm message (which may be
      // drawn once more as over, still all green).
      w.clock = seconds(t0, 20 * 60);
      await notifier.handle(alarmEvent(`${prefix}-after`, 'ALARM', w.clock, `${prefix}-after`), soon());
      await notifier.handle({ lamplighter: 'drain' }, soon());
      expect(ownMessagesOf(`${prefix}-after`, channel)).toHaveLength(1);
      expect(titleOf(ownMessagesOf(`${prefix}-after`, channel)[0])).toBe(`:red_circle: ALARM: ${prefix}-after`);
      expect(storms(channel)).toHaveLength(1);
      expect(blocksText(storms(channel)[0])).not.toContain(`${prefix}-after`);
      expect(blocksText(storms(channel)[0])).not.toContain(':red_circle:');
      // Nothing Lamplighter asked of Slack named the channel where Slack wants its id.
      const refused = w.slack.calls.filter((c) => (c.response as { error?: string })?.error === 'channel_not_found');
      expect(refused).toEqual([]);
      expect(new Set(w.slack.callsTo('chat.update').map((c) => c.body.channel))).toEqual(new Set([channel]));
      // Its flow is kept under the id, nothing under a name.
      const flows = createNotifierAws(TABLE).stores.flows;
      expect(await flows.get(channel)).toBeDefined();
      expect(await flows.listNamed()).toEqual([]);
    },
  );

  it('after an upgrade, adopts a storm filed under the name by the older release: its lines turn green', async () => {
    const notifier = byName();
    const flows = createNotifierAws(TABLE).stores.flows;
    const t0 = w.clock;
    const names = Array.from({ length: 7 }, (_, i) => `legacy-${i + 1}`);
    for (const [i, name] of names.entries()) {
      w.clock = seconds(t0, i);
      await notifier.handle(alarmEvent(name, 'ALARM', w.clock, `lg-open-${name}`), soon());
    }
    for (let minute = 1; minute <= 2; minute++) {
      w.clock = seconds(t0, minute * 60);
      await notifier.handle({ lamplighter: 'drain' }, soon());
    }
    for (const name of names.slice(0, 5)) expect(ownMessagesOf(name)).toHaveLength(1);
    // Held back while the storm lasts: their storm lines are their messages.
    for (const name of names.slice(5)) expect(ownMessagesOf(name)).toHaveLength(0);
    // What the older release left: the storm filed under the name, while updates go to the id.
    const filed = (await flows.get(DEFAULT_CHANNEL))!;
    expect(filed.storm?.members).toHaveLength(7);
    await flows.put({ ...filed, channel: '#alerts', version: 1 });
    await flows.remove(DEFAULT_CHANNEL, filed.version);

    for (const [i, name] of names.entries()) {
      w.clock = seconds(t0, 150 + i);
      await notifier.handle(alarmEvent(name, 'OK', w.clock, `lg-ok-${name}`), soon());
    }
    expect(storms()[0]!.text).toBe('7 alarms in ALARM in us-east-1 since 10:00 UTC');
    // The next scheduled pass adopts it: one storm message, every line green, nothing left under the name.
    w.clock = seconds(t0, 240);
    await notifier.handle({ lamplighter: 'drain' }, soon());
    expect(storms()).toHaveLength(1);
    expect(blocksText(storms()[0])).not.toContain(':red_circle:');
    expect((blocksText(storms()[0]).match(/:large_green_circle:/g) ?? []).length).toBe(7);
    expect(await flows.listNamed()).toEqual([]);
    expect(await flows.get('#alerts')).toBeUndefined();
  });

  it('without the scope to list channels, fails the alert plainly for the dead-letter queue, keeping nothing under the name', async () => {
    const notifier = byName();
    w.slack.failNext('conversations.list', { error: 'missing_scope' });
    const failure = notifier.handle(alarmEvent('no-scope', 'ALARM', w.clock, 'ns-1'), soon());
    await expect(failure).rejects.toMatchObject({
      code: 'slack_missing_scope',
      retryable: false,
      message: expect.stringMatching(/#alerts is a channel name.*channels:read and groups:read.*manifest\.yaml/),
    });
    expect(w.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(w.logLines.join('\n')).toContain('it will go to the dead-letter queue');
    expect(await createNotifierAws(TABLE).stores.flows.listNamed()).toEqual([]);
    // Once the scope is granted, the replayed delivery posts it.
    await notifier.handle(alarmEvent('no-scope', 'ALARM', w.clock, 'ns-1'), soon());
    expect(ownMessagesOf('no-scope')).toHaveLength(1);
  });
});
