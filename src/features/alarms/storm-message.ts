/**
 * The storm message (one line per alarm, kept current first in the update budget) and its thread,
 * where each storm line's changes go, to the second, one digest per interval.
 */
import { postOnce } from '../../kernel/delivery/post-once';
import { canPost, endStormIfOver, spendPost, type ChannelFlow } from './flow';
import { DIGEST_LINES, formatStormDigest } from './format-held';
import { formatStorm } from './format-storm';
import { claim, gone, takeUpdate, STORM_EVENT, STORM_DIGEST_EVENT, type DrainDeps } from './drain-kit';

/**
 * The storm message, drawn when it is stale: its first post at once, then at most once a
 * `stormRedrawMs`, first in the workspace's update budget. Answers the ms until it may be drawn
 * when it is stale and must wait.
 */
export async function drawStorm(flow: ChannelFlow, deps: DrainDeps): Promise<number | undefined> {
  const now = deps.now();
  endStormIfOver(flow, now, deps.flow);
  const storm = flow.storm;
  if (!storm?.stale) return undefined;
  if (storm.ts && storm.drawnAt && now.getTime() - storm.drawnAt.getTime() < deps.flow.stormRedrawMs)
    return deps.flow.stormRedrawMs - (now.getTime() - storm.drawnAt.getTime());
  if (storm.ts) {
    // Its turn in the workspace's budget: the longer since it was last drawn, the sooner.
    const wait = await takeUpdate(deps, { waitedMs: storm.drawnAt && now.getTime() - storm.drawnAt.getTime() });
    if (wait) return wait;
  } else spendPost(flow);
  for (const member of storm.members) {
    // '' once asked and refused: the line shows the name without a link rather than ask each time.
    if (member.ts && member.link === undefined)
      member.link = await deps.slack.permalink(flow.channel, member.ts).catch(() => '');
  }
  const message = formatStorm(storm, flow.channel);
  if (storm.ts) {
    try {
      await deps.slack.updateMessage(flow.channel, storm.ts, message);
    } catch (err) {
      if (!gone(err)) throw err;
      deps.log.warn('the storm message is gone; posting it again', { channel: flow.channel, ts: storm.ts });
      storm.ts = '';
      storm.drawnAt = undefined;
    }
  }
  if (!storm.ts) {
    const metadata = {
      event_type: STORM_EVENT,
      event_payload: { channel: flow.channel, since: storm.since.toISOString() },
    };
    const unsure = storm.drawnAt !== undefined;
    // Marked as tried before the post, and saved so (a conditional write): if Slack applies it and
    // the answer (or this invocation) is lost, the next attempt finds it by its metadata instead of
    // posting twice; and a concurrent pass that read the flow before cannot post it too.
    storm.drawnAt = now;
    await claim(flow, deps);
    const posted = await postOnce(deps.slack, flow.channel, message, metadata, {
      unsure,
      log: deps.log,
      since: storm.since,
    })();
    storm.ts = posted.ts;
  }
  storm.stale = false;
  storm.drawnAt = now;
  // Over, and drawn so: the storm message is left showing its members' final states; the own
  // messages folded into it show theirs again, and those held back are posted, current.
  if (storm.ended) {
    // Its thread keeps its members' last changes: a final digest, whatever the interval.
    try {
      for (let batch = 0; batch < 5; batch++) await replyStorm(flow, deps, true);
    } catch (err) {
      deps.log.warn("the storm's last changes go to their own threads", { channel: flow.channel, error: err });
    }
    for (const member of storm.members) {
      const owed = (flow.owed[member.key] ??= { notes: [] });
      owed.fold = false;
      if (member.ts && member.folded) owed.redraw = true;
    }
    delete flow.storm;
  }
  return undefined;
}

/**
 * The storm's thread gets its members' changes, one digest reply per interval (another at once
 * while more wait than one reply carries), each change with its time to the second: nothing a
 * storm line did is lost. A reply whose answer was lost is looked for (by the last change it
 * carried) before it is posted again.
 */
export async function replyStorm(flow: ChannelFlow, deps: DrainDeps, final = false): Promise<void> {
  const storm = flow.storm;
  if (!storm?.ts || (storm.ended && !final)) return;
  const changes = storm.members
    .flatMap((m) => (flow.owed[m.key]?.notes ?? []).map((note) => ({ key: m.key, alarmName: m.alarmName, note })))
    .sort((a, b) => a.note.at.getTime() - b.note.at.getTime() || a.note.id.localeCompare(b.note.id));
  if (!changes.length) return;
  const now = deps.now();
  const due =
    !storm.repliedAt ||
    now.getTime() - storm.repliedAt.getTime() >= deps.flow.digestIntervalMs ||
    changes.length > DIGEST_LINES;
  if (!final && (!due || !canPost(flow))) return;
  const metadataFor = (through: string) => ({
    event_type: STORM_DIGEST_EVENT,
    event_payload: { channel: flow.channel, through },
  });
  const done = (upTo: number) => {
    for (const c of changes.slice(0, upTo)) {
      const owed = flow.owed[c.key];
      if (owed) owed.notes = owed.notes.filter((n) => n !== c.note);
    }
    storm.repliedAt = now;
  };
  if (storm.replyUnsure && storm.replyThrough) {
    const through = storm.replyThrough;
    const applied = await deps.slack.findReply(flow.channel, storm.ts, metadataFor(through)).catch(() => undefined);
    storm.replyUnsure = false;
    storm.replyThrough = undefined;
    if (applied) return done(changes.findIndex((c) => c.note.id === through) + 1);
  }
  spendPost(flow);
  const batch = changes.slice(0, DIGEST_LINES);
  const through = batch[batch.length - 1]!.note.id;
  // Saved with the flow if this attempt fails: Slack may have applied it.
  storm.replyUnsure = true;
  storm.replyThrough = through;
  await claim(flow, deps);
  await deps.slack.postMessage(flow.channel, { ...formatStormDigest(batch), metadata: metadataFor(through) }, storm.ts);
  storm.replyUnsure = false;
  storm.replyThrough = undefined;
  done(batch.length);
}
