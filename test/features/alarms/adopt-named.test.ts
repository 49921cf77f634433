import { mergeFlows } from '../../../src/features/alarms/adopt-named';
import { addNote, admitOpen, newFlow, type FlowSettings } from '../../../src/features/alarms/flow';
import { at, FLOW_SETTINGS, t0 } from '../../support/flow-settings';

const settings: FlowSettings = FLOW_SETTINGS;
const member = (name: string, s: number) => ({
  key: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${name}`,
  alarmName: name,
  state: 'ALARM' as const,
  since: at(s),
  openedAt: at(s),
});
const note = (id: string, s: number) => ({ id, at: at(s), state: 'OK' as const, head: id });

describe('a flow filed under a channel name, merged into the id’s', () => {
  it('takes the storm, its members and the recent opens, and leaves the id’s budget alone', () => {
    const legacy = newFlow('#alerts', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) admitOpen(legacy, member(name, i), 'us-east-1', settings);
    legacy.storm!.ts = '1700000000.000100';
    legacy.storm!.stale = false;
    const current = newFlow('C0ALERTS01', t0, settings);
    current.tokens = 2;
    admitOpen(current, member('d', 5), 'us-east-1', settings);

    const merged = mergeFlows(current, legacy);
    expect(merged.channel).toBe('C0ALERTS01');
    expect(merged.tokens).toBe(2);
    expect(merged.storm?.ts).toBe('1700000000.000100');
    expect(merged.storm?.members.map((m) => m.alarmName)).toEqual(['a', 'b', 'c']);
    // Redrawn from here, under the id.
    expect(merged.storm?.stale).toBe(true);
    expect(merged.opens.map((m) => m.alarmName)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('joins two storms and what each incident is owed: notes once each, in time order, flags kept', () => {
    const legacy = newFlow('#alerts', t0, settings);
    const current = newFlow('C0ALERTS01', t0, settings);
    for (const [i, name] of ['a', 'b', 'c'].entries()) admitOpen(legacy, member(name, 10 + i), undefined, settings);
    for (const [i, name] of ['c', 'd', 'e'].entries()) admitOpen(current, member(name, i), undefined, settings);
    const key = member('a', 0).key;
    addNote(legacy, key, note('n2', 20));
    addNote(legacy, key, note('n1', 15));
    legacy.owed[key]!.post = true;
    addNote(current, key, note('n1', 15));
    addNote(current, key, note('n3', 30));
    current.owed[key]!.redraw = true;

    const merged = mergeFlows(current, legacy);
    expect(merged.storm?.members.map((m) => m.alarmName)).toEqual(['c', 'd', 'e', 'a', 'b']);
    expect(merged.storm?.since).toEqual(at(0));
    expect(merged.owed[key]?.notes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    expect(merged.owed[key]).toMatchObject({ post: true, redraw: true });
    // The inputs are left as they were (a failed write leaves nothing half-merged in memory).
    expect(current.owed[key]?.notes.map((n) => n.id)).toEqual(['n1', 'n3']);
  });
});
