import type { StoredMessage } from '../../../src/sandbox/slack-api';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  headerOf,
  soon,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness({ slackLimits: true });

/** The storm settings a deployment gets by default, with no graphs (they would take thread posts too). */
const stormy = () =>
  app({
    GRAPHS_ENABLED: 'false',
    THREAD_DIGEST_SECONDS: '60',
    SLACK_POSTS_PER_MINUTE: '30',
    SLACK_UPDATES_PER_MINUTE: '40',
    STORM_THRESHOLD: '6',
    STORM_WINDOW_MINUTES: '5',
  });

const seconds = (base: Date, n: number) => new Date(base.getTime() + n * 1000);
const blocksText = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const stormMessage = () => topLevel().find((m) => blocksText(m).includes('thunder_cloud_and_rain'));
const ownMessages = () => topLevel().filter((m) => m !== stormMessage());
const titleOf = (m: StoredMessage | undefined) => headerOf(m)?.blocks[0]?.text?.text ?? '';
const ownMessageOf = (name: string) => ownMessages().find((m) => titleOf(m).endsWith(`: ${name}`));

describe('storm control', () => {
  it('stands one storm message for many alarms opening at once; their own messages are held back until it is over', async () => {
    const notifier = stormy();
    const t0 = w.clock;
    const names = Array.from({ length: 20 }, (_, i) => `api-${String(i + 1).padStart(2, '0')}-5xx`);
    // Twenty alarms open within ten seconds.
    for (const [i, name] of names.entries()) {
      w.clock = seconds(t0, i / 2);
      await notifier.handle(alarmEvent(name, 'ALARM', w.clock, `open-${name}`), soon());
    }
    // While they arrive the storm message is at most 3 s behind; after the last, the next pass draws it.
    w.clock = seconds(t0, 15);
    await notifier.handle({ lamplighter: 'drain' }, soon());
    const storm = stormMessage();
    expect(storm).toBeDefined();
    expect(storm!.text).toBe('20 alarms in ALARM in us-east-1 since 10:00 UTC');
    for (const name of names) expect(blocksText(storm)).toContain(name);
    // The first five posted as usual; the rest are held back: their storm lines are their messages.
    expect(ownMessages()).toHaveLength(5);
    // (and the storm message's redraws, once every 3 s at most).
    const writes = w.slack.callsTo('chat.postMessage').length + w.slack.callsTo('chat.update').length;
    expect(writes).toBeLessThanOrEqual(10 + 6 + 7);

    // They all clear; the storm message is the one kept current.
    for (const [i, name] of names.entries()) {
      w.clock = seconds(t0, 20 + i);
      await notifier.handle(alarmEvent(name, 'OK', w.clock, `ok-${name}`), soon());
    }
    // The next pass (this suite's clock stands still through it, so it comes 3 s into a slot of
    // the update budget: a storm message drawn seconds ago takes its turn up to 2 s into one).
    w.clock = seconds(t0, 45);
    await notifier.handle({ lamplighter: 'drain' }, soon());
    expect(stormMessage()!.text).toBe('All 20 alarms of the storm in us-east-1 since 10:00 UTC are out of ALARM');

    // The scheduled pass, once a minute: once the storm is over (five quiet minutes, none in
    // ALARM), each alarm gets its own message in its latest state, once, three a pass here (Slack's
    // burst per channel; a pass in Lambda waits out the budget, this suite's clock stands still).
    for (let minute = 1; minute <= 12; minute++) {
      w.clock = seconds(t0, 40 + minute * 60);
      await notifier.handle({ lamplighter: 'drain' }, soon());
    }
    expect(ownMessages()).toHaveLength(20);
    for (const name of names) expect(titleOf(ownMessageOf(name))).toBe(`:large_green_circle: RESOLVED: ${name}`);
    // The storm message, drawn final when it ended, links the own messages that existed then.
    expect(blocksText(stormMessage()).match(/<http[^|]+\|api-\d\d-5xx>/g)).toHaveLength(5);
    // The timeline is kept once: each OK came while the alarm was a storm line, so the storm's
    // thread has it, to the second, and the own threads do not repeat it.
    const digests = w.slack
      .thread(DEFAULT_CHANNEL, stormMessage()!.ts)
      .map((m) => blocksText(m))
      .join('\n');
    for (const [i, name] of names.entries())
      expect(digests).toContain(
        `*${name}* · :large_green_circle: *OK* at ${seconds(t0, 20 + i)
          .toISOString()
          .replace('T', ' ')
          .slice(0, 19)} UTC`,
      );
    for (const name of names) expect(w.slack.thread(DEFAULT_CHANNEL, ownMessageOf(name)!.ts)).toEqual([]);
  });

  it('gives a flapping alarm one digest reply per interval, listing each change to the second', async () => {
    const notifier = stormy();
    const t0 = w.clock;
    await notifier.handle(alarmEvent('queue-depth', 'ALARM', t0, 'flap-0'), soon());
    const states = ['OK', 'ALARM', 'OK', 'ALARM', 'OK'] as const;
    for (const [i, state] of states.entries()) {
      w.clock = seconds(t0, 10 * (i + 1));
      await notifier.handle(alarmEvent('queue-depth', state, w.clock, `flap-${i + 1}`), soon());
    }
    const [incident] = topLevel();
    // The first change is replied at once, and so is the first re-fire (also sent to the channel,
    // see refire.int.test.ts); the rest wait for the interval.
    const early = w.slack.thread(DEFAULT_CHANNEL, incident!.ts);
    expect(early.map((m) => Boolean(m.broadcast))).toEqual([false, true]);
    expect(blocksText(early[1])).toContain('10:00:20');
    expect(headerOf(incident)?.blocks[0]?.text?.text).toContain('RESOLVED'); // the live message is current at once
    // A minute after the last reply (the re-fire's, at 10:00:20).
    w.clock = seconds(t0, 80);
    await notifier.handle({ lamplighter: 'drain' }, soon());
    const thread = w.slack.thread(DEFAULT_CHANNEL, incident!.ts);
    expect(thread).toHaveLength(3);
    const digest = blocksText(thread[2]);
    expect(digest).toContain('*3 changes*');
    for (const at of ['10:00:30', '10:00:40', '10:00:50']) expect(digest).toContain(at);
    expect(digest.indexOf('10:00:30')).toBeLessThan(digest.indexOf('10:00:50'));
    // A second re-fire within the flap window is not sent to the channel again.
    expect(thread[2]!.broadcast).toBeUndefined();
  });

  it('is off with STORM_THRESHOLD=0: every alarm posts its own message', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false', STORM_THRESHOLD: '0', SLACK_POSTS_PER_MINUTE: '600' });
    for (let i = 0; i < 8; i++) {
      w.clock = seconds(new Date('2026-11-27T10:00:00Z'), i);
      await notifier.handle(alarmEvent(`db-${i}`, 'ALARM', w.clock, `off-${i}`), soon());
    }
    expect(stormMessage()).toBeUndefined();
    expect(ownMessages()).toHaveLength(8);
  });

  it('rejects a storm setting out of bounds at start-up, naming it', () => {
    expect(() => app({ SLACK_POSTS_PER_MINUTE: '0' })).toThrow(/SLACK_POSTS_PER_MINUTE/);
  });

  it('posts the storm message again when someone deleted it, and a deleted member message too', async () => {
    const notifier = stormy();
    const t0 = w.clock;
    const names = Array.from({ length: 6 }, (_, i) => `gone-${i}`);
    for (const [i, name] of names.entries()) {
      w.clock = seconds(t0, i);
      await notifier.handle(alarmEvent(name, 'ALARM', w.clock, `gone-open-${i}`), soon());
    }
    const first = stormMessage()!;
    // Someone deletes the storm message and the first alarm's own message in Slack.
    w.slack.failNext('chat.update', { error: 'message_not_found' }, { error: 'message_not_found' });
    w.clock = seconds(t0, 10);
    await notifier.handle(alarmEvent('gone-0', 'OK', w.clock, 'gone-ok-0'), soon());
    w.clock = seconds(t0, 20);
    await notifier.handle({ lamplighter: 'drain' }, soon());
    const storms = topLevel().filter((m) => blocksText(m).includes('thunder_cloud_and_rain'));
    expect(storms).toHaveLength(2);
    expect(storms[1]!.ts).not.toBe(first.ts);
    // The pass went on past the failures: the new storm message shows gone-0 resolved (its own
    // message is posted anew when the storm is over), the others in ALARM.
    for (let minute = 1; minute <= 3; minute++) {
      w.clock = seconds(t0, 20 + minute * 60);
      await notifier.handle({ lamplighter: 'drain' }, soon());
    }
    expect(
      blocksText(
        topLevel()
          .filter((m) => blocksText(m).includes('thunder_cloud_and_rain'))
          .at(-1),
      ),
    ).toMatch(/:large_green_circle: \*gone-0\* · OK/);
    for (const name of names.slice(1, 5)) expect(titleOf(ownMessageOf(name))).toBe(`:red_circle: ALARM: ${name}`);
    expect(ownMessageOf('gone-5')).toBeUndefined(); // held back: the storm began with it
  });

  it('finishes the old episode’s message before a new one opens: its last change reaches its thread', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false', THREAD_DIGEST_SECONDS: '60', FLAP_WINDOW_MINUTES: '0' });
    const t0 = w.clock;
    await notifier.handle(alarmEvent('disk', 'ALARM', t0, 'ep-1'), soon());
    w.clock = seconds(t0, 5);
    await notifier.handle(alarmEvent('disk', 'INSUFFICIENT_DATA', w.clock, 'ep-2'), soon());
    w.clock = seconds(t0, 10);
    await notifier.handle(alarmEvent('disk', 'OK', w.clock, 'ep-3'), soon()); // waits for the interval
    const [old] = topLevel();
    expect(w.slack.thread(DEFAULT_CHANNEL, old!.ts).map((m) => m.text)).toEqual(['INSUFFICIENT DATA: disk']);
    // A new episode (no flap window): the old thread gets its OK now, the new one starts afresh.
    w.clock = seconds(t0, 20);
    await notifier.handle(alarmEvent('disk', 'ALARM', w.clock, 'ep-4'), soon());
    expect(w.slack.thread(DEFAULT_CHANNEL, old!.ts).map((m) => m.text)).toEqual([
      'INSUFFICIENT DATA: disk',
      'OK: disk',
    ]);
    const fresh = topLevel()[1]!;
    w.clock = seconds(t0, 25);
    await notifier.handle(alarmEvent('disk', 'OK', w.clock, 'ep-5'), soon());
    expect(w.slack.thread(DEFAULT_CHANNEL, fresh.ts).map((m) => m.text)).toEqual(['OK: disk']);
  });

  it('posts the old episode’s last notes once even when Slack applies them and the answer is lost', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false', THREAD_DIGEST_SECONDS: '60', FLAP_WINDOW_MINUTES: '0' });
    const t0 = w.clock;
    await notifier.handle(alarmEvent('closing-lost', 'ALARM', t0, 'cl-lost-1'), soon());
    w.clock = seconds(t0, 5);
    await notifier.handle(alarmEvent('closing-lost', 'INSUFFICIENT_DATA', w.clock, 'cl-lost-2'), soon());
    w.clock = seconds(t0, 10);
    await notifier.handle(alarmEvent('closing-lost', 'OK', w.clock, 'cl-lost-3'), soon()); // waits for the interval
    const [old] = topLevel();
    // The new episode finishes the old thread first; that reply is applied and its answer lost.
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    w.clock = seconds(t0, 20);
    await notifier.handle(alarmEvent('closing-lost', 'ALARM', w.clock, 'cl-lost-4'), soon());
    expect(w.slack.thread(DEFAULT_CHANNEL, old!.ts).map((m) => m.text)).toEqual([
      'INSUFFICIENT DATA: closing-lost',
      'OK: closing-lost',
    ]);
    expect(w.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(topLevel()).toHaveLength(2);
  });

  it('posts a thread reply whose answer was lost once: the next pass finds it instead of posting it again', async () => {
    const notifier = stormy();
    const t0 = w.clock;
    await notifier.handle(alarmEvent('lost-reply', 'ALARM', t0, 'lr-0'), soon());
    // Slack applies the reply, and the answer never arrives.
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    w.clock = seconds(t0, 10);
    await notifier.handle(alarmEvent('lost-reply', 'OK', w.clock, 'lr-1'), soon());
    const [incident] = topLevel();
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => m.text)).toEqual(['OK: lost-reply']);
    // A later change, and the passes: the OK is not posted twice; the new change gets its own reply.
    w.clock = seconds(t0, 20);
    await notifier.handle(alarmEvent('lost-reply', 'ALARM', w.clock, 'lr-2'), soon());
    for (const s of [90, 160]) {
      w.clock = seconds(t0, s);
      await notifier.handle({ lamplighter: 'drain' }, soon());
    }
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => m.text)).toEqual([
      'OK: lost-reply',
      'ALARM: lost-reply',
    ]);
  });
});
