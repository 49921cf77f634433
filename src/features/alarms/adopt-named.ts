import type { DrainDeps } from './drain';
import { newFlow, type ChannelFlow, type Owed, type Storm } from './flow';

/**
 * Upgrading from a release that filed a channel's flow under its configured name (`#alerts`)
 * while later updates went to the id Slack answered with: the name's flow may hold a storm
 * message still showing alarms that have since resolved, and first posts and thread notes still
 * owed. Its content is moved into the id's flow once — the storm's lines refreshed from their
 * incidents, so its next drawing is true — and the name's item is deleted. Anything left under a
 * name by a write that lost the race is adopted by the next pass; the rest ages out by TTL.
 */
export async function adoptNamedFlow(name: string, deps: DrainDeps): Promise<string> {
  const id = await deps.slack.channelId(name);
  const legacy = await deps.flows.get(name);
  if (!legacy) return id;
  const now = deps.now();
  const current = (await deps.flows.get(id)) ?? newFlow(id, now, deps.flow);
  const merged = mergeFlows(current, legacy);
  if (merged.storm) await refreshMembers(merged.storm, deps);
  // The id's flow first: should the delete fail, the next pass merges again (notes by id, members by key).
  await deps.flows.put({ ...merged, version: current.version + 1 });
  await deps.flows.remove(name, legacy.version);
  deps.log.info('adopted a channel flow filed under its name', { channel: id, name });
  return id;
}

/** The legacy flow's storm, recent opens and what it is owed, joined to the id's. */
export function mergeFlows(current: ChannelFlow, legacy: ChannelFlow): ChannelFlow {
  const merged: ChannelFlow = {
    ...current,
    owed: Object.assign(Object.create(null) as ChannelFlow['owed'], current.owed),
  };
  const openKeys = new Set(current.opens.map((o) => o.key));
  merged.opens = [...current.opens, ...legacy.opens.filter((o) => !openKeys.has(o.key))];
  for (const [key, owed] of Object.entries(legacy.owed)) {
    const mine = merged.owed[key];
    merged.owed[key] = mine ? mergeOwed(mine, owed) : owed;
  }
  if (legacy.storm) merged.storm = current.storm ? mergeStorms(current.storm, legacy.storm) : { ...legacy.storm };
  if (merged.storm) merged.storm.stale = true;
  return merged;
}

function mergeOwed(mine: Owed, theirs: Owed): Owed {
  const ids = new Set(mine.notes.map((n) => n.id));
  const notes = [...mine.notes, ...theirs.notes.filter((n) => !ids.has(n.id))].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  const repliedAt = [mine.repliedAt, theirs.repliedAt]
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const unsure = mine.replyUnsure ? mine : theirs;
  return {
    notes,
    ...(mine.post || theirs.post ? { post: true } : {}),
    ...(mine.unsure || theirs.unsure ? { unsure: true } : {}),
    ...(mine.redraw || theirs.redraw ? { redraw: true } : {}),
    ...((mine.dropped ?? 0) + (theirs.dropped ?? 0) ? { dropped: (mine.dropped ?? 0) + (theirs.dropped ?? 0) } : {}),
    ...(repliedAt ? { repliedAt } : {}),
    ...(unsure.replyUnsure ? { replyUnsure: true, replyThrough: unsure.replyThrough } : {}),
  };
}

function mergeStorms(mine: Storm, theirs: Storm): Storm {
  const keys = new Set(mine.members.map((m) => m.key));
  return {
    ...mine,
    since: mine.since < theirs.since ? mine.since : theirs.since,
    ...(mine.region === theirs.region ? {} : { region: undefined }),
    members: [...mine.members, ...theirs.members.filter((m) => !keys.has(m.key))],
  };
}

/** Each line's alarm as its incident has it now (its changes went to the id's flow, not this storm). */
async function refreshMembers(storm: Storm, deps: Pick<DrainDeps, 'incidents'>): Promise<void> {
  for (const member of storm.members) {
    const incident = await deps.incidents.get(member.key);
    if (!incident) continue;
    member.state = incident.state;
    member.since = incident.stateChangedAt;
    if (incident.ts && !member.ts) member.ts = incident.ts;
  }
}
