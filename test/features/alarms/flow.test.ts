import {
  addNote,
  admitOpen,
  canPost,
  digestDue,
  endStormIfOver,
  fitFlow,
  hasWork,
  inStorm,
  MAX_NOTES,
  newFlow,
  prune,
  refill,
  spendPost,
  takePost,
  updateMember,
  type FlowSettings,
} from '../../../src/features/alarms/flow';
import { formatReply } from '../../../src/features/alarms/format';
import { formatStorm } from '../../../src/features/alarms/format-storm';
import { at, FLOW_SETTINGS, t0 } from '../../support/flow-settings';

const settings: FlowSettings = FLOW_SETTINGS;
const member = (name: string, s: number) => ({
  key: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${name}`,
  alarmName: name,
  state: 'ALARM' as const,
  since: at(s),
  openedAt: at(s),
});

describe('a channel post budget', () => {
  it('allows a burst, then one post per 2 s at 30 a minute, and never more than the burst', () => {
    let flow = newFlow('C1', t0, settings);
    let taken = 0;
    while (takePost(flow)) taken++;
    expect(taken).toBe(10);
    flow = refill(flow, at(5), settings);
    expect(takePost(flow)).toBe(true);
    expect(takePost(flow)).toBe(true);
    expect(takePost(flow)).toBe(false);
    flow = refill(flow, at(3600), settings);
    expect(flow.tokens).toBe(10);
  });

  it('counts a post that goes at once whatever the budget, never below empty', () => {
    const flow = newFlow('C1', t0, settings);
    spendPost(flow);
    expect(flow.tokens).toBe(9);
    while (takePost(flow));
    expect(canPost(flow)).toBe(false);
    spendPost(flow);
    expect(flow.tokens).toBe(0);
  });
});

describe('telling a storm', () => {
  it('posts the first opens alone; the one that reaches the threshold starts a storm of all of them', () => {
    const flow = newFlow('C1', t0, settings);
    expect(admitOpen(flow, member('a', 0), 'us-east-1', settings)).toBe('alone');
    expect(admitOpen(flow, member('b', 10), 'us-east-1', settings)).toBe('alone');
    expect(admitOpen(flow, member('c', 20), 'us-east-1', settings)).toBe('storm');
    expect(flow.storm?.members.map((m) => m.alarmName)).toEqual(['a', 'b', 'c']);
    expect(flow.storm?.since).toEqual(at(0));
    expect(admitOpen(flow, member('d', 30), 'eu-west-1', settings)).toBe('storm');
    expect(flow.storm?.region).toBeUndefined(); // two regions: the message names none
    expect(inStorm(flow, member('d', 0).key)).toBe(true);
  });

  it('does not count opens older than the window, and ends a storm none of whose members is in ALARM', () => {
    const flow = newFlow('C1', t0, settings);
    admitOpen(flow, member('a', 0), 'us-east-1', settings);
    admitOpen(flow, member('b', 400), 'us-east-1', settings);
    expect(admitOpen(flow, member('c', 410), 'us-east-1', settings)).toBe('alone');
    expect(admitOpen(flow, member('d', 420), 'us-east-1', settings)).toBe('storm');
    updateMember(flow, member('b', 0).key, { state: 'OK' });
    updateMember(flow, member('c', 0).key, { state: 'INSUFFICIENT_DATA' });
    updateMember(flow, member('d', 0).key, { state: 'OK' });
    // Over: drawn once more (stale, ended), and a new open is no longer part of it.
    expect(admitOpen(flow, member('e', 420 + 301), 'us-east-1', settings)).toBe('alone');
    expect(flow.storm).toMatchObject({ ended: true, stale: true });
    expect(inStorm(flow, member('d', 0).key)).toBe(false);
  });

  it('ends a storm two hours after its last open even while members stay in ALARM, so it cannot grow for ever', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) admitOpen(flow, member(name, i), 'us-east-1', settings);
    expect(admitOpen(flow, member('d', 3600), 'us-east-1', settings)).toBe('storm');
    endStormIfOver(flow, at(3600 + 7199), settings);
    expect(flow.storm?.ended).toBeUndefined();
    endStormIfOver(flow, at(3600 + 7200), settings);
    expect(flow.storm?.ended).toBe(true);
  });

  it('lists a new episode of an alarm afresh: not the old message or its link', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) admitOpen(flow, member(name, i), 'us-east-1', settings);
    updateMember(flow, member('a', 0).key, { ts: '1.1', link: 'https://example.slack.com/archives/C1/p11' });
    admitOpen(flow, member('a', 30), 'us-east-1', settings);
    expect(flow.storm?.members.find((m) => m.alarmName === 'a')).toEqual(member('a', 30));
  });

  it('is never a storm with threshold 0', () => {
    const flow = newFlow('C1', t0, settings);
    for (let i = 0; i < 20; i++)
      expect(admitOpen(flow, member(`x${i}`, i), 'us-east-1', { ...settings, stormThreshold: 0 })).toBe('alone');
  });
});

describe('thread digests', () => {
  it('notes each delivery once, keeps the last 40 and counts the rest, and is due once an interval has passed', () => {
    const flow = newFlow('C1', t0, settings);
    for (let i = 0; i < MAX_NOTES + 5; i++)
      addNote(flow, 'k', { id: `m${i}`, at: at(i), state: i % 2 ? 'OK' : 'ALARM', head: `change ${i}` });
    addNote(flow, 'k', { id: 'm44', at: at(44), state: 'ALARM', head: 'again' });
    const owed = flow.owed.k!;
    expect(owed.notes).toHaveLength(MAX_NOTES);
    expect(owed.dropped).toBe(5);
    expect(digestDue(owed, at(50), settings)).toBe(true);
    owed.repliedAt = at(50);
    expect(digestDue(owed, at(100), settings)).toBe(false);
    expect(digestDue(owed, at(110), settings)).toBe(true);
  });

  it('keys the owed map by untrusted alarm keys as plain keys', () => {
    const flow = newFlow('C1', t0, settings);
    addNote(flow, '__proto__', { id: 'm', at: t0, state: 'ALARM', head: 'x' });
    expect(Object.keys(flow.owed)).toEqual(['__proto__']);
    expect(hasWork(flow)).toBe(true);
    flow.owed.__proto__!.notes = [];
    prune(flow, at(120), settings);
    expect(hasWork(flow)).toBe(false);
  });

  it('fits a flow within its size: reasons dropped first, then all but each thread’s last five notes counted', () => {
    const flow = newFlow('C1', t0, settings);
    for (let i = 0; i < 30; i++)
      addNote(flow, 'k', { id: `m${i}`, at: at(i), state: 'OK', head: `change ${i}`, body: 'x'.repeat(1000) });
    const size = (f: typeof flow) => JSON.stringify(f).length;
    expect(fitFlow(flow, size, 1_000_000)).toBe(flow);
    const noBodies = fitFlow(flow, size, 5000);
    expect(noBodies.owed.k!.notes).toHaveLength(30);
    expect(noBodies.owed.k!.notes.some((n) => n.body)).toBe(false);
    const fewer = fitFlow(flow, size, 1000);
    expect(fewer.owed.k!.notes.map((n) => n.head)).toEqual([25, 26, 27, 28, 29].map((i) => `change ${i}`));
    expect(fewer.owed.k!.dropped).toBe(25);
    expect(flow.owed.k!.notes).toHaveLength(30); // the flow it was given is unchanged
  });

  it('formats several changes as one reply, oldest first, each to the second', () => {
    const alarm = { alarmName: 'queue-depth', partition: 'aws', region: 'us-east-1' };
    const reply = formatReply(
      alarm,
      [
        { head: ':large_green_circle: *OK* at 2026-12-01 21:40:10 UTC', state: 'OK' },
        { head: ':red_circle: *ALARM* at 2026-12-01 21:40:20 UTC', body: 'Threshold Crossed', state: 'ALARM' },
      ],
      3,
    );
    expect(reply.text).toBe('5 changes, now ALARM: queue-depth');
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('…and 3 earlier changes');
    expect(text.indexOf('21:40:10')).toBeLessThan(text.indexOf('21:40:20'));
  });
});

describe('the storm message', () => {
  it('counts the alarms in ALARM, lists each with its state and a link to its own message, escaped', () => {
    const flow = newFlow('C1', t0, settings);
    admitOpen(flow, member('payments-<b>5xx</b>', 0), 'us-east-1', settings);
    admitOpen(flow, member('b', 5), 'us-east-1', settings);
    admitOpen(flow, member('c', 9), 'us-east-1', settings);
    updateMember(flow, member('b', 0).key, { state: 'OK', since: at(30) });
    updateMember(flow, member('c', 0).key, { ts: '1.2', link: 'https://example.slack.com/archives/C1/p12' });
    const message = formatStorm(flow.storm!);
    expect(message.text).toBe('2 alarms in ALARM in us-east-1 since 21:40 UTC');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('payments-&lt;b&gt;5xx&lt;/b&gt;');
    expect(text).toContain('<https://example.slack.com/archives/C1/p12|c>');
    expect(text).toContain(':large_green_circle: *b* · OK since 21:40:30 UTC');
    // Those in ALARM first.
    expect(text.indexOf('payments-')).toBeLessThan(text.indexOf('*b*'));
  });

  it('stays within Slack’s limits for a storm of 400 alarms, and counts those it does not list', () => {
    const flow = newFlow('C1', t0, { ...settings, stormThreshold: 1 });
    for (let i = 0; i < 400; i++)
      admitOpen(flow, member(`alarm-${'x'.repeat(200)}-${i}`, i / 100), 'us-east-1', {
        ...settings,
        stormThreshold: 1,
      });
    const message = formatStorm(flow.storm!);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks!)
      if ('text' in block && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    // Every alarm is counted: those listed, and the rest in one line (listed or not: 300 at most are kept).
    const text = JSON.stringify(message.blocks);
    const listed = text.match(/:red_circle:/g)!.length;
    expect(text).toContain(`…and ${400 - listed} more`);
    expect(message.text).toBe('300+ alarms in ALARM in us-east-1 since 21:40 UTC');
  });

  it('offers Acknowledge all and Mute all… carrying only the storm’s id, until the storm is over', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) admitOpen(flow, member(name, i), 'us-east-1', settings);
    updateMember(flow, member('a', 0).key, { ackBy: 'U0ALICE001' });
    const live = JSON.stringify(formatStorm(flow.storm!, 'C1').blocks);
    expect(live).toContain('"action_id":"storm_acknowledge_all"');
    expect(live).toContain(`"value":"C1/${flow.storm!.since.toISOString()}"`);
    expect(live).toContain('"action_id":"storm_mute_all"');
    expect(live).toContain('acknowledged by <@U0ALICE001>');
    // The acknowledgement goes with an OK.
    updateMember(flow, member('a', 0).key, { state: 'OK', since: at(30) });
    expect(JSON.stringify(formatStorm(flow.storm!, 'C1').blocks)).not.toContain('acknowledged by');
    flow.storm!.ended = true;
    expect(JSON.stringify(formatStorm(flow.storm!, 'C1').blocks)).not.toContain('storm_');
  });
});
