import { newFlow, inStorm, type FlowSettings } from '../../../src/features/alarms/flow';
import { applyWork, type Queued, type Work } from '../../../src/features/alarms/queue';
import { at, FLOW_SETTINGS, t0 } from '../../support/flow-settings';

const settings: FlowSettings = { ...FLOW_SETTINGS, stormGatherMs: 3000 };
const keyOf = (name: string) => `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${name}`;
const item = (id: string, s: number, work: Work): Queued => ({ id, at: at(s), work });
const open = (name: string, s: number, gatherMs = 3000): Queued =>
  item(`${name}:open`, s, {
    kind: 'open',
    key: keyOf(name),
    member: { key: keyOf(name), alarmName: name, state: 'ALARM', since: at(s), openedAt: at(s) },
    region: 'us-east-1',
    gatherMs,
  });
const note = (id: string, s: number, state: 'ALARM' | 'OK') => ({ id, at: at(s), state, head: `${state} at ${s}` });
const change = (name: string, id: string, s: number, state: 'ALARM' | 'OK'): Queued =>
  item(id, s, { kind: 'change', key: keyOf(name), state, since: at(s), note: note(id, s, state) });

describe('work a change queues for its channel', () => {
  it('holds a lone open for the gather, and a trickle of opens a little longer, up to four gathers', () => {
    const flow = newFlow('C1', t0, settings);
    applyWork(flow, open('a', 0), settings);
    expect(flow.owed[keyOf('a')]).toMatchObject({ post: true, alone: true, heldUntil: at(3) });
    applyWork(flow, open('b', 2), settings);
    // a waits with b (until 5 s), b for its own gather.
    expect(flow.owed[keyOf('a')]!.heldUntil).toEqual(at(5));
    expect(flow.owed[keyOf('b')]!.heldUntil).toEqual(at(5));
    // Never past four gathers from a's open (12 s), however long the trickle.
    const later = newFlow('C2', t0, { ...settings, stormThreshold: 100 });
    for (let s = 0; s <= 20; s += 2) applyWork(later, open(`t${s}`, s), { ...settings, stormThreshold: 100 });
    expect(later.owed[keyOf('t0')]!.heldUntil).toEqual(at(12));
  });

  it('makes a storm at the threshold: its members wait their turn, their lines are their messages', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) applyWork(flow, open(name, i), settings);
    expect(flow.storm?.members.map((m) => m.alarmName)).toEqual(['a', 'b', 'c']);
    for (const name of ['a', 'b', 'c']) {
      expect(inStorm(flow, keyOf(name))).toBe(true);
      expect(flow.owed[keyOf(name)]).toMatchObject({ post: true, alone: false });
    }
  });

  it('shows a change on the storm line, folds an own message that showed a state, and notes it once', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) applyWork(flow, open(name, i), settings);
    flow.storm!.members[0]!.ts = '111.1';
    const ok = change('a', 'd-ok', 10, 'OK');
    applyWork(flow, ok, settings);
    applyWork(flow, ok, settings);
    expect(flow.storm!.members[0]).toMatchObject({ state: 'OK', since: at(10) });
    expect(flow.owed[keyOf('a')]).toMatchObject({ fold: true });
    expect(flow.owed[keyOf('a')]!.notes.map((n) => n.id)).toEqual(['d-ok']);
    expect(flow.owed[keyOf('b')]?.fold).toBeUndefined();
  });

  it('never moves a line back in time: an older change applied late is only noted', () => {
    const flow = newFlow('C1', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) applyWork(flow, open(name, i), settings);
    applyWork(flow, change('a', 'd-ok', 10, 'OK'), settings);
    applyWork(flow, change('a', 'd-alarm', 8, 'ALARM'), settings);
    expect(flow.storm!.members[0]).toMatchObject({ state: 'OK', since: at(10) });
    expect(flow.owed[keyOf('a')]!.notes.map((n) => n.id).sort()).toEqual(['d-alarm', 'd-ok']);
  });

  it('marks a live message outside a storm to be redrawn, and a re-fire to be broadcast', () => {
    const flow = newFlow('C1', t0, settings);
    applyWork(flow, open('solo', 0, 0), settings);
    flow.owed[keyOf('solo')]!.post = false;
    applyWork(
      flow,
      item('refire', 30, {
        kind: 'change',
        key: keyOf('solo'),
        state: 'ALARM',
        since: at(30),
        note: note('refire', 30, 'ALARM'),
        broadcast: true,
      }),
      settings,
    );
    expect(flow.owed[keyOf('solo')]).toMatchObject({ redraw: true, broadcast: true });
  });
});
