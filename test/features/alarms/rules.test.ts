import { applyTransition, openedIncident, planTransition } from '../../../src/features/alarms/rules';
import type { AlarmNotification } from '../../../src/features/alarms/alarm';
import type { Incident } from '../../../src/features/alarms/incident';

const alarm = (state: AlarmNotification['state'], at: string): AlarmNotification => ({
  kind: 'metric',
  alarmName: 'api-5xx',
  accountId: '123456789012',
  partition: 'aws',
  region: 'us-east-1',
  state,
  reason: '',
  stateChangeTime: new Date(at),
});

const incident = (state: Incident['state'], at: string, resolvedAt?: string, wasAlarming = true): Incident => ({
  key: 'k',
  accountId: '123456789012',
  alarmName: 'api-5xx',
  channel: 'C1',
  ts: '1.1',
  state,
  stateChangedAt: new Date(at),
  openedAt: new Date('2026-11-27T10:00:00Z'),
  resolvedAt: resolvedAt ? new Date(resolvedAt) : undefined,
  transitions: 1,
  flaps: 0,
  wasAlarming,
  version: 1,
});

const window = 30 * 60_000;
const now = new Date('2026-11-27T12:00:00Z');

describe('planTransition', () => {
  it('opens the first incident', () =>
    expect(planTransition(undefined, alarm('ALARM', '2026-11-27T12:00:00Z'), now, window)).toBe('open'));
  it('updates an open incident in place when it clears', () =>
    expect(
      planTransition(incident('ALARM', '2026-11-27T11:00:00Z'), alarm('OK', '2026-11-27T11:50:00Z'), now, window),
    ).toBe('update'));
  it('re-opens a recently resolved incident instead of flooding the channel (flapping)', () =>
    expect(
      planTransition(
        incident('OK', '2026-11-27T11:50:00Z', '2026-11-27T11:50:00Z'),
        alarm('ALARM', '2026-11-27T11:59:00Z'),
        now,
        window,
      ),
    ).toBe('reopen'));
  it('opens a new incident when the last one was resolved long ago', () =>
    expect(
      planTransition(
        incident('OK', '2026-11-27T09:00:00Z', '2026-11-27T09:00:00Z'),
        alarm('ALARM', '2026-11-27T11:59:00Z'),
        now,
        window,
      ),
    ).toBe('open'));
  it('posts nothing for an OK with no incident (a new alarm settling)', () =>
    expect(planTransition(undefined, alarm('OK', '2026-11-27T12:00:00Z'), now, window)).toBe('quiet'));
  it('opens a grey message when a metric stops reporting and nothing is open', () =>
    expect(planTransition(undefined, alarm('INSUFFICIENT_DATA', '2026-11-27T12:00:00Z'), now, window)).toBe('open'));
  it('opens a new, notifying message for an ALARM after a long grey spell, not a silent update', () =>
    expect(
      planTransition(
        incident('INSUFFICIENT_DATA', '2026-11-24T12:00:00Z', undefined, false),
        alarm('ALARM', '2026-11-27T11:59:00Z'),
        now,
        window,
      ),
    ).toBe('open'));
  it('re-opens when an incident went grey briefly and fires again', () =>
    expect(
      planTransition(
        incident('INSUFFICIENT_DATA', '2026-11-27T11:55:00Z'),
        alarm('ALARM', '2026-11-27T11:59:00Z'),
        now,
        window,
      ),
    ).toBe('reopen'));
  it('only notes a change older than the one shown (late delivery)', () =>
    expect(
      planTransition(incident('OK', '2026-11-27T11:50:00Z'), alarm('ALARM', '2026-11-27T11:40:00Z'), now, window),
    ).toBe('late'));
});

/**
 * The incident rules as one table: what each kind of incident does with each new state.
 * "recent" is within the flap window of the last quiet moment; "long ago" is outside it.
 */
describe('the incident rules, state × transition → action', () => {
  const recent = '2026-11-27T11:50:00Z';
  const longAgo = '2026-11-27T09:00:00Z';
  const acked = (i: Incident): Incident => ({ ...i, ackBy: 'U0ALICE001', ackAt: new Date(recent) });
  const incidents: Record<string, Incident | undefined> = {
    'no incident': undefined,
    'open (ALARM)': incident('ALARM', recent),
    'acknowledged (ALARM)': acked(incident('ALARM', recent)),
    'resolved recently': incident('OK', recent, recent),
    'resolved long ago': incident('OK', longAgo, longAgo),
    'grey recently, after an ALARM': incident('INSUFFICIENT_DATA', recent),
    'grey long ago, never alarmed': incident('INSUFFICIENT_DATA', longAgo, undefined, false),
    'grey long ago, acknowledged': acked(incident('INSUFFICIENT_DATA', longAgo)),
  };
  type Row = [keyof typeof incidents, AlarmNotification['state'], ReturnType<typeof planTransition>, string];
  const rows: Row[] = [
    ['no incident', 'ALARM', 'open', 'a new incident notifies'],
    ['no incident', 'INSUFFICIENT_DATA', 'open', 'a metric that stopped reporting is worth a message'],
    ['no incident', 'OK', 'quiet', 'a new alarm settling posts nothing'],
    ['open (ALARM)', 'ALARM', 'update', 'a repeat stays in the thread'],
    ['open (ALARM)', 'OK', 'update', 'the same message turns green'],
    ['open (ALARM)', 'INSUFFICIENT_DATA', 'update', 'the same message turns grey'],
    ['acknowledged (ALARM)', 'ALARM', 'update', 'an acknowledged repeat stays in the thread'],
    ['acknowledged (ALARM)', 'OK', 'update', 'OK closes it in place'],
    ['resolved recently', 'ALARM', 'reopen', 'flapping re-opens the same message'],
    ['resolved recently', 'INSUFFICIENT_DATA', 'update', 'a grey spell just after is the same incident'],
    ['resolved recently', 'OK', 'update', 'a repeated OK changes nothing new'],
    ['resolved long ago', 'ALARM', 'open', 'a new incident, a new message that notifies'],
    ['resolved long ago', 'INSUFFICIENT_DATA', 'open', 'long after, a grey spell is news'],
    ['grey recently, after an ALARM', 'ALARM', 'reopen', 'a brief grey spell, then firing again'],
    ['grey recently, after an ALARM', 'OK', 'update', 'grey then green, in place'],
    ['grey long ago, never alarmed', 'ALARM', 'open', 'a first ALARM after a long grey spell notifies'],
    ['grey long ago, acknowledged', 'ALARM', 'reopen', 'an acknowledged incident survives a grey spell'],
  ];
  it.each(rows)('%s + %s → %s (%s)', (name, state, expected) => {
    expect(planTransition(incidents[name], alarm(state, '2026-11-27T11:59:00Z'), now, window)).toBe(expected);
  });

  const mutedRows: Row[] = [
    ['no incident', 'ALARM', 'quiet', 'muted with nothing open: nothing is posted'],
    ['resolved long ago', 'ALARM', 'reopen', 'muted: the change goes quietly to the old thread'],
    ['open (ALARM)', 'OK', 'update', 'muted: the message still turns green'],
    ['resolved recently', 'ALARM', 'reopen', 'muted flapping stays in the thread'],
  ];
  it.each(mutedRows)('while muted: %s + %s → %s (%s)', (name, state, expected) => {
    expect(planTransition(incidents[name], alarm(state, '2026-11-27T11:59:00Z'), now, window, true)).toBe(expected);
  });
});

describe('applyTransition: what the incident remembers', () => {
  const open: Incident = {
    ...incident('ALARM', '2026-11-27T11:00:00Z'),
    ackBy: 'U0ALICE001',
    ackAt: new Date('2026-11-27T11:05:00Z'),
    escalatedAt: new Date('2026-11-27T11:20:00Z'),
  };
  const change = (state: AlarmNotification['state']) => ({
    alarm: alarm(state, '2026-11-27T11:50:00Z'),
    at: new Date('2026-11-27T11:50:00Z'),
  });

  it('OK closes the incident: escalation goes, resolvedAt is set, who acknowledged stays for its message', () => {
    expect(applyTransition(open, change('OK'), 'update')).toMatchObject({
      state: 'OK',
      ackBy: 'U0ALICE001',
      ackAt: new Date('2026-11-27T11:05:00Z'),
      escalatedAt: undefined,
      resolvedAt: new Date('2026-11-27T11:50:00Z'),
      transitions: 2,
      flaps: 0,
      version: 2,
    });
  });

  it('a grey spell keeps who acknowledged and the escalation', () => {
    expect(applyTransition(open, change('INSUFFICIENT_DATA'), 'update')).toMatchObject({
      state: 'INSUFFICIENT_DATA',
      ackBy: 'U0ALICE001',
      escalatedAt: new Date('2026-11-27T11:20:00Z'),
      resolvedAt: undefined,
    });
  });

  it('a re-open counts a flap and may be escalated again', () => {
    const resolved = applyTransition(open, change('OK'), 'update');
    expect(applyTransition(resolved, change('ALARM'), 'reopen')).toMatchObject({
      state: 'ALARM',
      ackBy: undefined,
      ackAt: undefined,
      flaps: 1,
      wasAlarming: true,
      escalatedAt: undefined,
      transitions: 3,
      version: 3,
    });
  });

  it('opens with the change as its start, a version after the incident it replaces', () => {
    expect(openedIncident('k', change('ALARM'), { ...open, version: 7 })).toMatchObject({
      key: 'k',
      state: 'ALARM',
      openedAt: new Date('2026-11-27T11:50:00Z'),
      transitions: 1,
      flaps: 0,
      wasAlarming: true,
      version: 8,
    });
  });
});
