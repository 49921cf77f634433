import { appendFileSync } from 'node:fs';
/**
 * What a person sees, sampled from the Slack test server while a storm runs: every top-level
 * message that shows an alarm's state (its own message by its title, a storm message by its
 * lines), and from that each change's display freshness — from its arrival until every message
 * showing its alarm shows its state or a later change's (and at least one does).
 */
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { SlackApiServer, StoredMessage } from '../src/sandbox/slack-api';

export interface Change {
  alarm: string;
  channel: string;
  index: number;
  state: 'ALARM' | 'OK';
  changedAt: number;
  arrival: number;
}

type State = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
const EMOJI: Record<string, State> = {
  ':red_circle:': 'ALARM',
  ':large_green_circle:': 'OK',
  ':white_circle:': 'INSUFFICIENT_DATA',
};
const blocksText = (m: StoredMessage) => JSON.stringify([m.blocks ?? [], m.attachments ?? []]);
const titleOf = (m: StoredMessage) =>
  (m.attachments as Array<{ blocks?: Array<{ text?: { text?: string } }> }> | undefined)?.[0]?.blocks?.[0]?.text
    ?.text ?? '';
const isStorm = (m: StoredMessage) => !titleOf(m) && blocksText(m).includes(':thunder_cloud_and_rain: ');

/** Alarm → the states its top-level messages show now (own messages by title, storm lines). */
function shown(slack: SlackApiServer): Map<string, State[]> {
  const out = new Map<string, State[]>();
  const add = (alarm: string, state: State) => out.set(alarm, [...(out.get(alarm) ?? []), state]);
  for (const m of slack.messages) {
    if (m.threadTs || m.text.includes('Posted twice by mistake')) continue;
    if (isStorm(m)) {
      for (const line of blocksText(m).matchAll(/(:[a-z_]+:) (?:<[^|>]+\|([^>]+)>|\*([^*]+)\*) · /g))
        if (EMOJI[line[1]!]) add(line[2] ?? line[3]!, EMOJI[line[1]!]!);
      continue;
    }
    const own = /^(:[a-z_]+:) [A-Z ]+: (.+)$/.exec(titleOf(m));
    if (own && EMOJI[own[1]!]) add(own[2]!, EMOJI[own[1]!]!);
  }
  return out;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** One client for the measurement's reads of the state table (moto's endpoint is set by then). */
let client: DynamoDBClient | undefined;
const dynamo = () => (client ??= new DynamoDBClient({}));

async function owing(): Promise<number> {
  const res = await dynamo().send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'owing = :yes',
      ExpressionAttributeValues: { ':pk': { S: 'FLOWS' }, ':yes': { BOOL: true } },
    }),
  );
  return res.Items?.length ?? 0;
}

/**
 * Samples every 250 ms until every invocation is done and every message is right (at most 90 s
 * after the last arrival), then lets the scheduled pass post what waits for its interval
 * (thread digests) and checks that every change keeps its time in a thread.
 */
export async function measure(
  slack: SlackApiServer,
  changes: Change[],
  settle: () => Promise<void>,
  drainTick: () => Promise<unknown>,
  slowChannel?: string,
) {
  const byAlarm = new Map<string, Change[]>();
  for (const c of changes) byAlarm.set(c.alarm, [...(byAlarm.get(c.alarm) ?? []), c]);
  const fresh = new Map<Change, number>();
  const lastArrival = Math.max(...changes.map((c) => c.arrival));
  let lastWrong = lastArrival;
  let done = false;
  const finals = new Map([...byAlarm].map(([a, cs]) => [a, cs.at(-1)!.state]));
  const sample = () => {
    const now = Date.now();
    const view = shown(slack);
    let anyWrong = false;
    for (const [alarm, cs] of byAlarm) {
      const states = view.get(alarm) ?? [];
      for (const [i, c] of cs.entries()) {
        if (c.arrival > now) break;
        if (fresh.has(c)) continue;
        const allowed = new Set(
          cs
            .slice(i)
            .filter((k) => k.arrival <= now)
            .map((k) => k.state),
        );
        if (states.length && states.every((s) => allowed.has(s as 'ALARM' | 'OK'))) fresh.set(c, now - c.arrival);
      }
      if (now >= lastArrival && (!states.length || states.some((s) => s !== finals.get(alarm)))) anyWrong = true;
    }
    if (anyWrong) lastWrong = now;
    return anyWrong;
  };
  const sampler = (async () => {
    while (!done) {
      sample();
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await settle();
  while (Date.now() < lastArrival + 90_000 && sample()) await new Promise((r) => setTimeout(r, 250));
  done = true;
  await sampler;
  const end = Date.now();
  const settled = lastWrong - lastArrival;
  const wrongAlarms = [...byAlarm.keys()].filter((a) => {
    const states = shown(slack).get(a) ?? [];
    return !states.length || states.some((s) => s !== finals.get(a));
  });
  const freshness = changes.map((c) => fresh.get(c) ?? end - c.arrival);
  const others = changes
    .filter((c) => slowChannel && c.channel !== slowChannel)
    .map((c) => fresh.get(c) ?? end - c.arrival);

  // Thread digests wait for their interval (60 s): the scheduled pass posts them.
  for (let i = 0; i < 30 && (await owing()) > 0; i++) {
    await new Promise((r) => setTimeout(r, 5000));
    await drainTick().catch(() => undefined);
  }
  const top = slack.messages.filter((m) => !m.threadTs && !m.text.includes('Posted twice by mistake'));
  const threadOf = (parents: StoredMessage[]) =>
    slack.messages.filter((r) => parents.some((p) => r.threadTs === p.ts && r.channel === p.channel)).map(blocksText);
  const stormThreads = new Map<string, string[]>();
  for (const ch of new Set(changes.map((c) => c.channel)))
    stormThreads.set(
      ch,
      threadOf(top.filter((m) => m.channel === ch && isStorm(m))).flatMap((t) => t.split('\\n')),
    );
  let lost = 0;
  let duplicates = 0;
  for (const [alarm, cs] of byAlarm) {
    const own = top.filter((m) => titleOf(m).endsWith(`: ${alarm}`) || titleOf(m).endsWith(`STORM: ${alarm}`));
    duplicates += Math.max(0, own.length - 1);
    const ownThread = threadOf(own).join('\n');
    const storm = stormThreads.get(cs[0]!.channel) ?? [];
    for (const c of cs.slice(1)) {
      const at = utc(c.changedAt);
      if (!ownThread.includes(at) && !storm.some((l) => l.includes(`*${alarm}*`) && l.includes(at))) lost++;
    }
  }
  if (process.env.BENCH_DEBUG) {
    const slowest = changes
      .map((c, i) => ({ c, f: freshness[i]! }))
      .sort((x, y) => y.f - x.f)
      .slice(0, 25);
    for (const { c, f } of slowest)
      appendFileSync(
        process.env.BENCH_DEBUG,
        `SLOW ${c.alarm} #${c.index} ${c.state} at +${((c.arrival - changes[0]!.arrival) / 1000).toFixed(1)} s: ${(f / 1000).toFixed(1)} s\n`,
      );
  }
  if (process.env.BENCH_DEBUG) {
    const t0 = changes[0]!.arrival;
    const rel = (ms: number) => `+${((ms - t0) / 1000).toFixed(1)} s`;
    for (const a of wrongAlarms) {
      const lines = [`WRONG ${a} shows ${JSON.stringify(shown(slack).get(a))} final ${finals.get(a)}`];
      lines.push(`  changes: ${(byAlarm.get(a) ?? []).map((c) => `${c.state} ${rel(c.arrival)}`).join(', ')}`);
      for (const m of slack.messages.filter((m) => !m.threadTs && blocksText(m).includes(a))) {
        lines.push(`  message ${m.channel} ${m.ts} ${isStorm(m) ? 'storm' : 'own'} updates ${m.updates}`);
        for (const call of slack.calls.filter(
          (k) => k.body.ts === m.ts || (k.response as { ts?: string })?.ts === m.ts,
        ))
          lines.push(`    ${call.method} ${rel(call.at ?? t0)} ${call.status}`);
      }
      const channel = byAlarm.get(a)![0]!.channel;
      const item = await dynamo().send(
        new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'FLOWS' }, sk: { S: channel } } }),
      );
      const flow = JSON.parse(item.Item?.flow?.S ?? '{}') as {
        storm?: {
          ended?: boolean;
          stale?: boolean;
          drawnAt?: string;
          members: Array<{ key: string; alarmName?: string }>;
        };
        owed?: Record<string, unknown>;
      };
      const member = flow.storm?.members.find((m) => m.key.includes(a) || m.alarmName === a);
      lines.push(
        `  flow: storm ${JSON.stringify({ ...flow.storm, members: undefined })} member ${JSON.stringify(member)}`,
      );
      for (const [key, owed] of Object.entries(flow.owed ?? {}))
        if (key.includes(a)) lines.push(`  owed ${key}: ${JSON.stringify(owed).slice(0, 300)}`);
      appendFileSync(process.env.BENCH_DEBUG, lines.join('\n') + '\n');
    }
  }
  return {
    lost,
    duplicates,
    wrong: wrongAlarms.length,
    mean: mean(freshness),
    p95: p95(freshness),
    others: slowChannel ? { mean: mean(others), p95: p95(others) } : undefined,
    settled,
  };
}
