import { parseIncidentCommand } from '../../../src/features/incidents/commands';
import {
  authorize,
  REQUIRED_ROLE,
  roleOf,
  type Action,
  type Role,
  type RoleRule,
} from '../../../src/kernel/access/roles';
import { parseRoles } from '../../../src/config/slack-app';

const rules: RoleRule[] = [
  { role: 'operator', users: ['U0OPS00001'] },
  { role: 'responder', userGroups: ['S0ONCALL01'] },
  { role: 'responder', channels: ['C0INCIDENT'] },
];

describe('roles', () => {
  it.each([
    [{ user: 'U0OPS00001', channel: 'C0RANDOM01' }, 'operator'],
    [{ user: 'U0ANYONE01', channel: 'C0INCIDENT' }, 'responder'],
    [{ user: 'U0ANYONE01', channel: 'C0RANDOM01', userGroups: ['S0ONCALL01'] }, 'responder'],
    [{ user: 'U0ANYONE01', channel: 'C0RANDOM01' }, 'viewer'],
    [{ user: 'U0OPS00001', channel: 'C0INCIDENT', userGroups: ['S0ONCALL01'] }, 'operator'],
  ])('%j is a %s', (who, role) => {
    expect(roleOf(rules, who)).toBe(role);
  });

  it.each([
    [{ user: 'U0ANYONE01', channel: 'C0INCIDENT', incidentChannel: 'C0INCIDENT' }, 'responder'],
    [{ user: 'U0ANYONE01', channel: 'C0RANDOM01', incidentChannel: 'C0INCIDENT' }, 'viewer'],
    [{ user: 'U0ANYONE01', channel: 'C0INCIDENT', incidentChannel: 'C0PRODALRT' }, 'viewer'],
    [{ user: 'U0OPS00001', channel: 'D0OPSDM001', incidentChannel: 'C0INCIDENT' }, 'operator'],
  ])("a channel's grant needs the request and the incident in that channel: %j is a %s", (who, role) => {
    expect(roleOf(rules, who)).toBe(role);
  });

  it('quotes the user id in its hint as text, escaped', () => {
    const decision = authorize(undefined, { user: '<!channel>', channel: 'C0RANDOM01' }, 'snapshot');
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.message).toContain('&lt;!channel&gt;');
  });

  const actions = Object.keys(REQUIRED_ROLE) as Action[];
  const people: Array<[Role, { user: string; channel: string }]> = [
    ['viewer', { user: 'U0ANYONE01', channel: 'C0RANDOM01' }],
    ['responder', { user: 'U0ANYONE01', channel: 'C0INCIDENT' }],
    ['operator', { user: 'U0OPS00001', channel: 'C0RANDOM01' }],
  ];
  const expected: Record<Role, Action[]> = {
    viewer: ['logs', 'alarms', 'trail'],
    responder: ['logs', 'alarms', 'trail', 'ack', 'mute', 'unmute'],
    operator: ['logs', 'alarms', 'trail', 'ack', 'mute', 'unmute', 'mute-actions', 'snapshot'],
  };
  it.each(people)('a %s may do exactly what the role allows', (role, who) => {
    expect(actions.filter((a) => authorize(rules, who, a).allowed).sort()).toEqual([...expected[role]].sort());
  });

  it('with no policy, everyone is a responder, and operator actions say how to grant them', () => {
    const who = { user: 'U0ANYONE01', channel: 'C0RANDOM01' };
    expect(authorize(undefined, who, 'ack')).toEqual({ allowed: true, role: 'responder' });
    const refused = authorize(undefined, who, 'mute-actions');
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.message).toContain(
      'set LAMPLIGHTER_ROLES, e.g. [{"role":"operator","users":["U0ANYONE01"]}]',
    );
  });

  it('fails at start-up on a bad policy, naming the entry', () => {
    expect(() => parseRoles('[{"role":"admin","users":["U0OPS00001"]}]')).toThrow(
      'LAMPLIGHTER_ROLES[0].role: must be viewer, responder or operator',
    );
    expect(() => parseRoles('[{"role":"viewer"}]')).toThrow('LAMPLIGHTER_ROLES[0]: names nobody');
    expect(() => parseRoles('[{"role":"viewer","users":["alice"]}]')).toThrow(
      'LAMPLIGHTER_ROLES[0].users[0]: Slack user ids look like U0123ABCD',
    );
  });
});

describe('incident command parsing', () => {
  const now = new Date('2026-11-27T14:00:00Z');
  it.each([
    ['/ack', 'checkout-5xx', { kind: 'ack', alarm: 'checkout-5xx' }],
    ['/ack', '"EC2 CPU Utilization"', { kind: 'ack', alarm: 'EC2 CPU Utilization' }],
    [
      '/mute',
      'checkout-5xx 1h',
      { kind: 'mute', alarm: 'checkout-5xx', durationMs: 3600_000, duration: '1h', actions: false },
    ],
    [
      '/mute',
      'checkout-5xx 4h --actions',
      { kind: 'mute', alarm: 'checkout-5xx', durationMs: 4 * 3600_000, duration: '4h', actions: true },
    ],
    ['/unmute', 'checkout-5xx', { kind: 'unmute', alarm: 'checkout-5xx' }],
    ['/alarms', '', { kind: 'alarms', filter: '' }],
    ['/alarms', 'checkout', { kind: 'alarms', filter: 'checkout' }],
    [
      '/trail',
      'analytics-poc',
      {
        kind: 'trail',
        target: 'analytics-poc',
        by: 'ResourceName',
        start: new Date('2026-11-26T14:00:00Z'),
        end: now,
        since: '24h',
      },
    ],
    [
      '/trail',
      'user:alice --since 2h',
      {
        kind: 'trail',
        target: 'alice',
        by: 'Username',
        start: new Date('2026-11-27T12:00:00Z'),
        end: now,
        since: '2h',
      },
    ],
  ])('%s %s', (command, text, expected) => {
    expect(parseIncidentCommand(command, text, now)).toEqual({ ok: true, command: expected });
  });

  it.each([
    ['/ack', '', 'which alarm?'],
    ['/mute', 'checkout-5xx', 'give an alarm name and a duration'],
    ['/mute', 'checkout-5xx forever', '`forever` is not a duration'],
    ['/mute', 'checkout-5xx 30d', 'at most 7d'],
    ['/mute', 'checkout-5xx 1h --quiet', 'unknown option `--quiet`'],
    ['/trail', '', 'whose trail?'],
    ['/trail', 'x --since later', '`--since later` is not a time'],
  ])('%s %j → usage: %s', (command, text, error) => {
    const parsed = parseIncidentCommand(command, text, now);
    expect(parsed.ok ? '' : parsed.error).toContain(error);
  });
});
