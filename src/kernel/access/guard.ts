import { ActionError } from '../errors';
import type { Logger } from '../log';
import type { SlackMessage } from '../slack/blocks';
import type { SlackPort } from '../slack/port';
import { escapeMrkdwn, reply } from '../slack/text';
import { audit, type AuditStore, type Who } from './audit';
import { authorize, policyNamesGroups, type Action, type RoleRule } from './roles';
import { memberOf } from './user-groups';

export interface GuardDeps {
  roles?: RoleRule[];
  slack: Pick<SlackPort, 'userGroupMembers'>;
  audit: AuditStore;
  now: () => Date;
  log: Logger;
}

export interface Guarded {
  /** What the role policy checks. */
  action: Action;
  /** The action's name in the audit trail, when it is not the role action (e.g. "expected"). */
  audited?: string;
  /** What it acts on, as the audit trail names it. */
  target: string;
  /** The incident's own channel, when there is one: a channel's grant must cover it too. */
  channel?: string;
}

/**
 * The one way a command or a button runs: the requester's role is checked first (with their
 * user groups when the policy names any), a refusal is audited and answered, and an AWS
 * failure worded for people (ActionError) is audited and answered as a warning.
 * Who is acting comes from Slack's signed request, never from a button's value.
 */
export async function guarded(
  deps: GuardDeps,
  who: Who,
  what: Guarded,
  run: () => Promise<SlackMessage>,
): Promise<SlackMessage> {
  const name = what.audited ?? what.action;

  const groups = policyNamesGroups(deps.roles)
    ? await memberOf(
        who.user,
        (deps.roles ?? []).flatMap((r) => r.userGroups ?? []),
        deps.slack,
        deps.log,
      )
    : undefined;
  const requester = {
    ...who,
    ...(what.channel !== undefined ? { incidentChannel: what.channel } : {}),
    ...(groups ? { userGroups: groups } : {}),
  };
  const decision = authorize(deps.roles, requester, what.action);
  if (!decision.allowed) {
    await audit(deps, who, name, what.target, 'refused', decision.role);
    return reply(`:no_entry: ${decision.message}`);
  }
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ActionError)) throw err;
    await audit(deps, who, name, what.target, 'failed', err.message);
    return reply(`:warning: ${escapeMrkdwn(err.message)}`);
  }
}
