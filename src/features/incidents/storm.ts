import { audit, type Who } from '../../kernel/access/audit';
import { guarded } from '../../kernel/access/guard';
import type { Action } from '../../kernel/access/roles';
import { placeOfArn } from '../../kernel/aws/place';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { isChannelId } from '../../kernel/slack/channels';
import { whileConflicting } from '../../kernel/retry';
import { formatUtc } from '../../kernel/slack/format';
import { reply } from '../../kernel/slack/text';
import type { Storm, StormMember } from '../alarms/flow';
import { formatStorm, stormId } from '../alarms/format-storm';
import type { FlowStore } from '../alarms/incident';
import { HERE } from '../../kernel/where';
import { muteFor } from './commands';
import type { IncidentDeps } from './deps';
import { ackThreadNote } from './messages';
import { mute } from './mute';
import { redraw } from './redraw';

/** Acting on a storm: the incidents' deps, and the channel's flow that lists its alarms. */
export type StormDeps = IncidentDeps & { flows: Pick<FlowStore, 'get' | 'put'> };

const OVER = 'This storm is over: act on its alarms from their own messages (or `/ack`, `/mute`).';

/** The channel a storm id names (its flow's key), or undefined for anything else. */
function channelOf(id: string): string | undefined {
  const channel = id.length <= 100 ? id.slice(0, Math.max(0, id.indexOf('/'))) : '';
  return isChannelId(channel) ? channel : undefined;
}

/** The storm, while it lasts: an id from an earlier storm in the channel finds nothing. */
async function stormOf(id: string, channel: string, deps: StormDeps): Promise<Storm | undefined> {
  const storm = (await deps.flows.get(channel))?.storm;
  return storm && !storm.ended && stormId(channel, storm) === id ? storm : undefined;
}

/**
 * The storm message's lines say what was done (acknowledged by, muted until): written into the
 * channel's flow over the version stored (the notifier writes it too), then the storm message
 * redrawn at once. Best effort: each alarm's own record and message are what count, and are done.
 */
async function markLines(
  id: string,
  channel: string,
  change: Map<string, Partial<StormMember>>,
  deps: StormDeps,
): Promise<void> {
  try {
    const storm = await whileConflicting(async () => {
      const flow = await deps.flows.get(channel);
      const storm = flow?.storm;
      if (!flow || !storm || storm.ended || stormId(channel, storm) !== id) return undefined;
      for (const member of storm.members) Object.assign(member, change.get(member.key) ?? {});
      // Stale: the notifier's next pass draws it again too, should this redraw fail.
      storm.stale = true;
      await deps.flows.put({ ...flow, version: flow.version + 1 });
      return storm;
    });
    if (storm?.ts) await deps.slack.updateMessage(channel, storm.ts, formatStorm(storm, channel));
  } catch (err) {
    deps.log.warn('could not redraw the storm message; the next pass will', { channel, error: err });
  }
}

/** Stops before the invocation ends; what is left is said. */
const timeLeft = (deps: StormDeps) => Date.now() < deps.deadline() - 5_000;

/**
 * Acknowledge all (the storm message's button): the requester's role is checked once for the
 * storm's channel, then each alarm's incident is acknowledged by its own conditional write (two
 * clicks at once: each incident is acknowledged once, by one of them), audited, and its own
 * message (if posted, and not folded into the storm) redrawn with its thread note.
 */
export async function acknowledgeStorm(id: string, who: Who, deps: StormDeps): Promise<SlackMessage> {
  const channel = channelOf(id);
  return guarded(deps, who, { action: 'ack', audited: 'ack-all', target: id, channel: channel ?? '' }, async () => {
    const storm = channel ? await stormOf(id, channel, deps) : undefined;
    if (!storm) {
      await audit(deps, who, 'ack-all', id, 'storm over');
      return reply(OVER);
    }
    const at = deps.now();
    const count = { acknowledged: 0, already: 0, closed: 0, left: 0 };
    const lines = new Map<string, Partial<StormMember>>();
    for (const member of storm.members) {
      if (!timeLeft(deps)) {
        count.left++;
        continue;
      }
      const result = await deps.incidents.acknowledge(member.key, who.user, at);
      await audit(deps, who, 'ack', member.alarmName, result.status, `storm ${id}`, placeOfArn(member.key));
      if (result.status === 'acknowledged') {
        count.acknowledged++;
        lines.set(member.key, { ackBy: who.user });
        // A folded own message stays folded (its storm line says it is acknowledged); its thread notes it.
        await redraw(result.incident, ackThreadNote(who.user, at), deps, { message: !member.folded });
      } else if (result.status === 'already') count.already++;
      else count.closed++;
    }
    if (lines.size) await markLines(id, channel!, lines, deps);
    await audit(deps, who, 'ack-all', id, `${count.acknowledged} acknowledged`);
    const parts = [
      `:white_check_mark: You acknowledged ${count.acknowledged} of this storm's ${storm.members.length} alarms.`,
    ];
    if (count.already) parts.push(`${count.already} were already acknowledged.`);
    if (count.closed) parts.push(`${count.closed} have no open incident.`);
    if (count.left) parts.push(`${count.left} were not reached in time: click again.`);
    return reply(parts.join(' '));
  });
}

/**
 * Mute all… (the storm message's menu): the role is checked once for the storm's channel, then
 * each alarm is muted in Slack as its own Mute menu would (recorded, audited, its message redrawn).
 */
export async function muteStorm(id: string, duration: string, who: Who, deps: StormDeps): Promise<SlackMessage> {
  const channel = channelOf(id);
  // Changing a mute that keeps an alarm's CloudWatch actions off moves when they come back on:
  // an operator's call, as for one alarm's Mute menu (see run.ts).
  let action: Action = 'mute';
  const listed = channel ? await stormOf(id, channel, deps) : undefined;
  for (const member of listed?.members ?? []) {
    const existing = await deps.mutes.getMute(member.key);
    if (existing?.actionsDisabled && existing.until > deps.now()) {
      action = 'mute-actions';
      break;
    }
  }
  return guarded(deps, who, { action, audited: 'mute-all', target: id, channel: channel ?? '' }, async () => {
    const parsed = muteFor(id, duration, false);
    if (!parsed.ok || parsed.command.kind !== 'mute')
      return reply(`:warning: ${parsed.ok ? 'not a mute' : parsed.error}`);
    const storm = channel ? await stormOf(id, channel, deps) : undefined;
    if (!storm) {
      await audit(deps, who, 'mute-all', id, 'storm over');
      return reply(OVER);
    }
    const durationMs = parsed.command.durationMs;
    const until = new Date(deps.now().getTime() + durationMs);
    const lines = new Map<string, Partial<StormMember>>();
    let muted = 0;
    let left = 0;
    for (const member of storm.members) {
      if (!timeLeft(deps)) {
        left++;
        continue;
      }
      await mute(member.key, { key: member.key, name: member.alarmName }, durationMs, false, who, deps, HERE, {
        message: !member.folded,
      });
      lines.set(member.key, { mutedUntil: until });
      muted++;
    }
    if (lines.size) await markLines(id, channel!, lines, deps);
    await audit(deps, who, 'mute-all', id, 'muted', `${muted} alarms until ${until.toISOString()}`);
    return reply(
      `:mute: You muted ${muted} of this storm's ${storm.members.length} alarms until ${formatUtc(until)}.` +
        (left ? ` ${left} were not reached in time: choose again.` : ''),
    );
  });
}
