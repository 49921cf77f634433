import * as z from 'zod/mini';
import { escapeMrkdwn } from '../slack/text';

/**
 * Who may do what. A policy maps Slack users, user groups and channels to roles:
 * viewer (/logs, /alarms, /trail) < responder (+ acknowledge, mute) < operator (+ /snapshot,
 * mute --actions). With no policy everyone is a responder; with one, whoever it does not name
 * is a viewer. The requester's identity comes from Slack's signed request, never from a
 * button's value.
 */
export type Role = RoleRule['role'];

export type Action = 'logs' | 'alarms' | 'trail' | 'ack' | 'mute' | 'unmute' | 'mute-actions' | 'snapshot';

/** One entry of LAMPLIGHTER_ROLES: a role, and whom it is given to. */
export const roleRuleSchema = z.strictObject({
  role: z.enum(['viewer', 'responder', 'operator']),
  users: z.optional(z.array(z.string().check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids look like U0123ABCD')))),
  userGroups: z.optional(
    z.array(z.string().check(z.regex(/^S[A-Z0-9]{2,}$/, 'Slack user group ids look like S0123ABCD'))),
  ),
  channels: z.optional(
    z.array(z.string().check(z.regex(/^[CGD][A-Z0-9]{2,}$/, 'Slack channel ids look like C0123ABCD'))),
  ),
});

export type RoleRule = z.infer<typeof roleRuleSchema>;

export interface Requester {
  user: string;
  channel: string;
  /** The Slack user groups the user belongs to (only looked up when the policy names groups). */
  userGroups?: readonly string[];
  /** The channel of the incident acted on, when there is one. */
  incidentChannel?: string;
}

const RANK: Readonly<Record<Role, number>> = { viewer: 0, responder: 1, operator: 2 };

export const REQUIRED_ROLE: Readonly<Record<Action, Role>> = {
  logs: 'viewer',
  alarms: 'viewer',
  trail: 'viewer',
  ack: 'responder',
  mute: 'responder',
  unmute: 'responder',
  'mute-actions': 'operator',
  snapshot: 'operator',
};

export function policyNamesGroups(rules: readonly RoleRule[] | undefined): boolean {
  return Boolean(rules?.some((r) => r.userGroups?.length));
}

export function roleOf(rules: readonly RoleRule[] | undefined, who: Requester): Role {
  if (!rules) return 'responder';
  let best: Role = 'viewer';
  for (const rule of rules) {
    // A channel's grant covers requests made in that channel, about that channel's incidents:
    // typing /ack in #random does not borrow #incidents' grant, nor the other way round.
    const inChannel =
      rule.channels?.includes(who.channel) &&
      (who.incidentChannel === undefined || rule.channels.includes(who.incidentChannel));
    const matches =
      rule.users?.includes(who.user) || inChannel || rule.userGroups?.some((g) => who.userGroups?.includes(g));
    if (matches && RANK[rule.role] > RANK[best]) best = rule.role;
  }
  return best;
}

export type Decision = { allowed: true; role: Role } | { allowed: false; role: Role; message: string };

/** Checked before anything runs, for commands and button clicks alike. */
export function authorize(rules: readonly RoleRule[] | undefined, who: Requester, action: Action): Decision {
  const role = roleOf(rules, who);
  const needed = REQUIRED_ROLE[action];
  if (RANK[role] >= RANK[needed]) return { allowed: true, role };
  const how = rules
    ? `Ask an admin to add you (or this channel) as "${needed}" in LAMPLIGHTER_ROLES.`
    : `No roles are configured, so everyone is a responder. To allow this, set LAMPLIGHTER_ROLES, e.g. [{"role":"${needed}","users":["${escapeMrkdwn(who.user)}"]}].`;
  return {
    allowed: false,
    role,
    message: `You need the ${needed} role to ${describe(action)}; you are a ${role}. ${how}`,
  };
}

function describe(action: Action): string {
  switch (action) {
    case 'mute-actions':
      return "mute an alarm's actions in CloudWatch";
    case 'ack':
      return 'acknowledge';
    case 'snapshot':
      return 'snapshot volumes';
    default:
      return action;
  }
}
