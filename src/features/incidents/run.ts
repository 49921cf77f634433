import type { Who } from '../../kernel/access/audit';
import type { AccountDirectory, AccountNames } from '../../kernel/accounts';
import { guarded } from '../../kernel/access/guard';
import type { Action } from '../../kernel/access/roles';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { HERE, type Resolved } from '../../kernel/where';
import type { SnapshotDeps } from '../snapshots/deps';
import { previewSnapshot } from '../snapshots/preview';
import { trail, type TrailDeps } from '../trail/trail';
import { acknowledge } from './acknowledge';
import type { IncidentCommand } from './commands';
import type { IncidentDeps } from './deps';
import { firing } from './firing';
import { mute } from './mute';
import { resolveAlarm } from './resolve';
import { muteToEnd, unmute } from './unmute';

export type CommandDeps = IncidentDeps &
  SnapshotDeps &
  TrailDeps & {
    defaultChannel?: string;
    /** Account names (LAMPLIGHTER_ACCOUNTS), so `--account prod-payments` names one. */
    accountNames?: AccountNames;
    /** And the organisation's (ACCOUNT_NAMES_FROM_ORGANIZATIONS), read when a command names an account. */
    accounts?: AccountDirectory;
    /** Whether other accounts can be reached (the organisation is set up). */
    organisation?: boolean;
    /** The function's own account id (STS, asked once), where known: commands may name it too. */
    ownAccount?: () => Promise<string | undefined>;
  };

/**
 * Runs one action command for `who`, from `/ack`… or from a button (which builds the same
 * command, never text): the role is checked first, then the use case runs. Returns the
 * caller's (ephemeral) answer.
 */
export async function runIncidentCommand(
  cmd: IncidentCommand,
  who: Who,
  deps: CommandDeps,
  where: Resolved = HERE,
): Promise<SlackMessage> {
  // The alarm is looked up once, where the command points. A lookup that failed is reported by the
  // action itself, after the permission check; the check goes on without it.
  const resolving = 'alarm' in cmd ? resolveAlarm(cmd.alarm, deps.alarms, where.place) : Promise.resolve(undefined);
  let alarm = await resolving.catch(() => undefined);
  // The grant is checked against the alarm actually acted on: /unmute of a bare name may end a
  // mute of that name in another account, so that mute is found first, and its alarm checked.
  const ending = cmd.kind === 'unmute' ? await muteToEnd(cmd.alarm, alarm, deps, where) : undefined;
  if (ending?.kind === 'found') alarm = ending.alarm;
  let action: Action = cmd.kind === 'mute' && cmd.actions ? 'mute-actions' : cmd.kind;
  if (cmd.kind === 'mute' && !cmd.actions && alarm) {
    // Changing a mute that keeps the alarm's actions off is an operator's call too.
    const existing = await deps.mutes.getMute(alarm.key);
    if (existing?.actionsDisabled && existing.until > deps.now()) action = 'mute-actions';
  }
  // A channel's grant counts only for a request made in that channel about that channel's
  // incident: one granted in #team-sandbox does not reach #prod-alerts, nor #prod-alerts' a DM.
  const incident = alarm ? await deps.incidents.get(alarm.key).catch(() => undefined) : undefined;
  const target = 'alarm' in cmd ? cmd.alarm : 'target' in cmd ? cmd.target : cmd.filter;
  // A command about an alarm whose channel is unknown (never posted, expired, unreadable) gets no
  // channel's grant: '' is a channel no rule names. User and group grants still apply.
  // Two mutes of that name: no one alarm, so no channel's grant either.
  const channel = 'alarm' in cmd ? (ending?.kind === 'ambiguous' ? '' : (incident?.channel ?? '')) : undefined;
  return guarded(deps, who, { action, target, ...(channel !== undefined ? { channel } : {}) }, async () => {
    switch (cmd.kind) {
      case 'ack':
        return acknowledge(cmd.alarm, await resolving, who, deps, where);
      case 'mute':
        return mute(cmd.alarm, await resolving, cmd.durationMs, cmd.actions, who, deps, where);
      case 'unmute':
        await resolving; // a lookup that failed is answered as such
        return unmute(cmd.alarm, ending ?? { kind: 'none' }, who, deps, where);
      case 'alarms':
        return firing(cmd.filter, who, deps, where);
      case 'trail':
        return trail(cmd, who, deps, where);
      case 'snapshot':
        return previewSnapshot(cmd.target, cmd.reason, who, deps, where);
    }
  });
}
