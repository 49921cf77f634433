/**
 * The passes over each alarm's own message (see drain.ts): folded while its alarm is a storm line,
 * redrawn when behind its state, first-posted once its storm is over.
 */
import { markSuperseded, postOnce } from '../../kernel/delivery/post-once';
import { noteChanges } from '../changes/note';
import { attachGraph } from './enrich';
import { canPost, inStorm, spendPost, updateMember } from './flow';
import { formatAlarm } from './format';
import { formatFolded } from './format-held';
import { incidentView } from './rules';
import { claim, gone, incidentMetadata, OWN_RESERVE, postWait, settle, takeUpdate, type Pass } from './drain-kit';

/**
 * An own message that showed a state while its alarm became a storm line: redrawn once to show
 * none (the storm message's line is its state), so it cannot lie while the storm lasts.
 */
export const foldHeld: Pass = async (flow, key, owed, deps) => {
  const member = flow.storm?.members.find((m) => m.key === key);
  // A redraw owed from before its alarm joined the storm is a fold now.
  if (!(owed.fold || (owed.redraw && !owed.post)) || !member || !inStorm(flow, key)) return undefined;
  if (member.folded) {
    owed.fold = owed.redraw = false;
    return undefined;
  }
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.fold = false;
    return undefined;
  }
  const wait = await takeUpdate(deps);
  if (wait) return wait;
  try {
    await deps.slack.updateMessage(incident.channel, incident.ts, formatFolded(incident.alarm));
  } catch (err) {
    if (!gone(err)) throw err;
    // Deleted in Slack: its message is posted anew once the storm is over.
    await settle(deps.incidents, key, (current) => ({ ...current, ts: '' }));
    owed.post = true;
    owed.unsure = false;
    updateMember(flow, key, { ts: undefined, link: undefined });
  }
  owed.fold = owed.redraw = false;
  member.folded = true;
  return undefined;
};

/**
 * A first post held back by a storm, once the storm is over, in the incident's latest state
 * (when the post budget allows): while it lasts, the storm message's line is its message.
 */
export const postDeferred: Pass = async (flow, key, owed, deps) => {
  // Held back while its alarm is a storm line (the storm message's line is its message).
  if (!owed.post || inStorm(flow, key)) return undefined;
  // Waiting a moment for others opening with it: if they make a storm, its summary goes first.
  if (owed.heldUntil && owed.heldUntil > deps.now()) return owed.heldUntil.getTime() - deps.now().getTime();
  if (!owed.alone && !canPost(flow)) return postWait(flow, deps.flow);
  const incident = await deps.incidents.get(key);
  if (!incident || incident.ts !== '' || !incident.alarm) {
    owed.post = false;
    // Posted meanwhile (by an earlier attempt): redrawn now if it is behind.
    return owed.redraw ? 0 : undefined;
  }
  const now = deps.now();
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm,
    incident: incidentView(incident, mute, now),
    logs: incident.logs,
  });
  // Saved with the flow even if this attempt fails: Slack may have applied it, so look first next time.
  const unsure = owed.unsure === true;
  owed.unsure = true;
  await claim(flow, deps);
  // An incident recorded before channels were kept by id names its channel: look it up by id.
  const channel = await deps.slack.channelId(incident.channel);
  const posted = await postOnce(deps.slack, channel, message, incidentMetadata(incident), {
    unsure,
    log: deps.log,
    since: incident.openedAt,
  })();
  // Counted once made (a failed attempt leaves the budget to its retry).
  spendPost(flow);
  let live = posted;
  let behind = false;
  await settle(deps.incidents, key, (current) => {
    // Another writer posted this episode meanwhile: its message is the live one; this copy says so.
    if (current.ts && current.ts !== posted.ts && current.openedAt.getTime() === incident.openedAt.getTime()) {
      live = { channel: current.channel, ts: current.ts };
      return current;
    }
    live = posted;
    // A change written while it was posted: the message is redrawn in it.
    behind = current.version !== incident.version;
    return { ...current, channel: posted.channel, ts: posted.ts };
  });
  owed.post = false;
  owed.unsure = false;
  owed.alone = undefined;
  owed.heldUntil = undefined;
  updateMember(flow, key, { ts: live.ts });
  if (live !== posted) {
    await markSuperseded(deps.slack, live, [posted], deps.log);
    // The live copy was drawn by its poster, maybe from an older state: it is redrawn.
    owed.redraw = true;
    return 0;
  }
  // Posted in its latest state: nothing to redraw (else at once).
  owed.redraw = behind;
  if (behind) return 0;
  // Its thread's graph and what changed before it, once the channel is let go (they can take
  // seconds); attachGraph and noteChanges log, never throw, when they cannot be made.
  if (incident.state === 'ALARM' && (deps.graphs || deps.changes)) {
    const alarm = incident.alarm;
    const once = (_name: string, run: () => Promise<string>) => run();
    const enrich = async () => {
      if (deps.graphs) await attachGraph(alarm, posted, deps, once, now);
      if (deps.changes)
        await noteChanges(alarm, incident, posted, { ...deps, changes: deps.changes }, once, { now, unsure });
    };
    if (deps.later) deps.later.push(enrich);
    else await enrich();
  }
  return undefined;
};

/**
 * A live message behind its incident's state, redrawn when the workspace's update budget allows
 * (after the storm messages). A storm line's own message is folded instead, redrawn when it ends.
 */
export const redrawBehind: Pass = async (flow, key, owed, deps) => {
  if (!owed.redraw || owed.post || inStorm(flow, key)) return undefined;
  const incident = await deps.incidents.get(key);
  if (!incident?.ts || !incident.alarm) {
    owed.redraw = false;
    return undefined;
  }
  const wait = await takeUpdate(deps, { reserve: OWN_RESERVE });
  if (wait) return wait;
  const mute = await deps.mutes?.getMute(key);
  const message = formatAlarm({
    alarm: incident.alarm,
    incident: incidentView(incident, mute, deps.now()),
    logs: incident.logs,
  });
  try {
    await deps.slack.updateMessage(incident.channel, incident.ts, message);
  } catch (err) {
    if (!gone(err)) throw err;
    // Deleted in Slack: the incident gets a new message, posted by the pass for first posts.
    deps.log.warn('the incident message is gone; posting it again', { key, channel: incident.channel });
    await settle(deps.incidents, key, (current) => ({ ...current, ts: '' }));
    owed.post = true;
    owed.unsure = false;
    updateMember(flow, key, { ts: undefined, link: undefined });
    owed.redraw = false;
    return 0;
  }
  owed.redraw = false;
  return undefined;
};
