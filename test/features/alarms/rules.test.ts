import { planTransition } from '../../../src/features/alarms/rules';
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
