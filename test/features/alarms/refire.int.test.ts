import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  minutes,
  soon,
  TABLE,
  TOKEN,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness();

const ARN = (name: string) => `arn:aws:cloudwatch:us-east-1:427809481713:alarm:${name}`;

/** The channel as a person scrolls it: conversations.history, newest first. */
async function history(): Promise<Array<{ ts: string; text: string; thread_ts?: string; subtype?: string }>> {
  const res = await fetch(w.slack.apiUrl + 'conversations.history', {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel: DEFAULT_CHANNEL }).toString(),
  });
  const body = (await res.json()) as { ok: boolean; messages: Array<{ ts: string; text: string; thread_ts?: string }> };
  expect(body.ok).toBe(true);
  return body.messages;
}

describe('a re-fire within the flap window', () => {
  it('shows at the bottom of the channel (a reply also sent to the channel), once per flap window', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const t0 = w.clock;
    await notifier.handle(alarmEvent('orders-latency', 'ALARM', t0, 'rf-1'), soon());
    w.clock = minutes(t0, 2);
    await notifier.handle(alarmEvent('orders-latency', 'OK', w.clock, 'rf-2'), soon());
    // Other alarms post meanwhile: the incident's message is now far up the channel.
    for (let i = 0; i < 3; i++) {
      w.clock = minutes(t0, 3 + i);
      await notifier.handle(alarmEvent(`other-${i}`, 'ALARM', w.clock, `other-${i}`), soon());
    }
    const [incident] = topLevel();
    expect((await history())[0]?.text).toContain('other-2');

    w.clock = minutes(t0, 10);
    await notifier.handle(alarmEvent('orders-latency', 'ALARM', w.clock, 'rf-3'), soon());
    // No new incident message: the old one is re-opened, and its re-fire is the channel's newest message.
    expect(topLevel()).toHaveLength(4);
    const [newest] = await history();
    expect(newest).toMatchObject({ thread_ts: incident!.ts, subtype: 'thread_broadcast' });
    expect(newest!.text).toContain('orders-latency');
    const broadcast = w.slack.messages.find((m) => m.ts === newest!.ts);
    expect(broadcast?.metadata).toMatchObject({ event_payload: { incident: ARN('orders-latency') } });
    // It is in the incident's thread too.
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => m.ts)).toContain(newest!.ts);

    // It flaps again within the flap window: the thread has it, the bottom of the channel does not.
    w.clock = minutes(t0, 12);
    await notifier.handle(alarmEvent('orders-latency', 'OK', w.clock, 'rf-4'), soon());
    w.clock = minutes(t0, 14);
    await notifier.handle(alarmEvent('orders-latency', 'ALARM', w.clock, 'rf-5'), soon());
    const thread = w.slack.thread(DEFAULT_CHANNEL, incident!.ts);
    expect(thread.filter((m) => m.text.startsWith('ALARM'))).toHaveLength(2);
    expect((await history())[0]?.ts).toBe(newest!.ts);
    expect(w.slack.messages.filter((m) => m.broadcast)).toHaveLength(1);

    // A flap window later, a re-fire is shown at the bottom again.
    w.clock = minutes(t0, 50);
    await notifier.handle(alarmEvent('orders-latency', 'OK', w.clock, 'rf-6'), soon());
    w.clock = minutes(t0, 52);
    await notifier.handle(alarmEvent('orders-latency', 'ALARM', w.clock, 'rf-7'), soon());
    expect(w.slack.messages.filter((m) => m.broadcast)).toHaveLength(2);
    expect((await history())[0]).toMatchObject({ thread_ts: incident!.ts, subtype: 'thread_broadcast' });
  });

  it('is kept to its thread while the alarm is muted', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const t0 = w.clock;
    await notifier.handle(alarmEvent('muted-refire', 'ALARM', t0, 'mr-1'), soon());
    w.clock = minutes(t0, 2);
    await notifier.handle(alarmEvent('muted-refire', 'OK', w.clock, 'mr-2'), soon());
    await createNotifierAws(TABLE).stores.mutes.putMute({
      alarmKey: ARN('muted-refire'),
      alarmName: 'muted-refire',
      region: 'us-east-1',
      until: minutes(t0, 60),
      by: 'U0ALICE001',
      actionsDisabled: false,
    });
    w.clock = minutes(t0, 5);
    await notifier.handle(alarmEvent('muted-refire', 'ALARM', w.clock, 'mr-3'), soon());
    const [incident] = topLevel();
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => m.text)).toEqual([
      expect.stringMatching(/^OK/),
      expect.stringMatching(/^ALARM/),
    ]);
    expect(w.slack.messages.filter((m) => m.broadcast)).toHaveLength(0);
  });
});
