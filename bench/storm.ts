/**
 * An alarm storm against the built notifier bundle, moto, and the Slack test
 * server enforcing Slack's rate limits. 300 notifications over 30 alarms into one channel, 5 %
 * of them delivered twice; then the same with 10 % HTTP 500s and 5 % timeouts from Slack. The
 * bundle runs one invocation at a time (reserved concurrency 1), a failed invocation is retried
 * as Lambda does (sooner: after 2 s and 4 s, not 1 and 2 minutes), and the scheduled pass runs
 * every 5 s (not every minute) once the storm has passed, until nothing is owed.
 */
import { resolve } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { createStateTable } from '../src/adapters/aws/seed';
import { startMoto } from '../src/sandbox/moto';
import { SLACK_RATE_LIMITS, startSlackApiServer, type SlackApiServer } from '../src/sandbox/slack-api';

const CHANNEL = 'C0STORM001';
const TOKEN = 'xoxb-bench';
// BENCH_QUICK=1: a small storm, for trying the harness itself.
const QUICK = process.env.BENCH_QUICK === '1';
const ALARMS = QUICK ? 8 : 30;
const NOTIFICATIONS = QUICK ? 48 : 300;
const ARRIVAL_MS = QUICK ? 15_000 : 60_000;

interface Queued {
  alarm: string;
  index: number;
  state: 'ALARM' | 'OK';
  messageId: string;
  changedAt: Date;
  arrival: number;
  attempt: number;
  due: number;
}

/** A deterministic generator, so runs compare. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function snsEvent(q: Queued) {
  const message = {
    AlarmName: q.alarm,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${q.alarm}`,
    AWSAccountId: '111122223333',
    Region: 'US East (N. Virginia)',
    NewStateValue: q.state,
    OldStateValue: q.state === 'ALARM' ? 'OK' : 'ALARM',
    NewStateReason: `Threshold Crossed: bench change ${q.index}`,
    StateChangeTime: q.changedAt.toISOString().replace('Z', '+0000'),
    Trigger: {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'SUM',
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      Dimensions: [{ name: 'ApiName', value: q.alarm }],
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: q.messageId,
          TopicArn: 'arn:aws:sns:us-east-1:111122223333:lamplighter-alarms',
          Subject: `ALARM: "${q.alarm}"`,
          Message: JSON.stringify(message),
          Timestamp: q.changedAt.toISOString(),
        },
      },
    ],
  };
}

function schedule(random: () => number): Queued[] {
  const start = Date.now();
  const perAlarm = NOTIFICATIONS / ALARMS;
  const out: Queued[] = [];
  for (let a = 0; a < ALARMS; a++) {
    const alarm = `bench-api-${String(a + 1).padStart(2, '0')}-5xx`;
    // Each alarm flaps through its changes across the minute, in order, a few seconds apart.
    let t = random() * 5000;
    for (let i = 0; i < perAlarm; i++) {
      const arrival = start + Math.min(ARRIVAL_MS, t);
      const q: Queued = {
        alarm,
        index: i,
        state: i % 2 === 0 ? 'ALARM' : 'OK',
        messageId: `${alarm}-${i}`,
        changedAt: new Date(arrival - 500),
        arrival,
        attempt: 0,
        due: arrival,
      };
      out.push(q);
      if (random() < 0.05) out.push({ ...q, due: arrival + 1000 + random() * 4000 }); // redelivered
      t += (ARRIVAL_MS / perAlarm) * (0.5 + random());
    }
  }
  return out.sort((x, y) => x.due - y.due);
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function run(label: string, endpoint: string, faults: boolean, seed: number) {
  const random = seeded(seed);
  const table = `bench-${seed}`;
  await createStateTable(table);

  const slack: SlackApiServer = await startSlackApiServer({
    token: TOKEN,
    rateLimits: SLACK_RATE_LIMITS,
    ...(faults
      ? {
          chaos: {
            methods: ['chat.postMessage', 'chat.update'],
            status500: 0.1,
            timeout: 0.05,
            answerAfterMs: 3000,
            random: seeded(seed + 1),
          },
        }
      : {}),
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: CHANNEL,
    SLACK_TIMEOUT_MS: '2000',
    TABLE_NAME: table,
    GRAPHS_ENABLED: 'false',
    LOG_LINES: '0',
  });
  // A fresh container per run: the bundle reads its configuration at load.
  const bundle = resolve('dist/alarm-notifier/index.js');
  delete require.cache[bundle];
  const writeLog = process.stdout.write.bind(process.stdout);
  let logLines = 0;
  process.stdout.write = ((chunk: unknown) => {
    logLines += String(chunk).split('\n').length - 1;
    return true;
  }) as typeof process.stdout.write;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as Lambda loads it
  const { handler } = require(bundle) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
  const invoke = (event: unknown) => handler(event, { getRemainingTimeInMillis: () => 60_000 });

  const queue = schedule(random);
  const planned = queue.filter((q, i) => queue.findIndex((x) => x.messageId === q.messageId) === i);
  const started = new Map<Queued, number>();
  let failures = 0;
  const durations: number[] = [];
  while (queue.length) {
    const next = queue[0]!;
    const wait = next.due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    queue.shift();
    if (!started.has(next)) started.set(next, Date.now());
    const t = Date.now();
    try {
      await invoke(snsEvent(next));
      durations.push(Date.now() - t);
    } catch {
      failures++;
      if (next.attempt < 2) {
        queue.push({ ...next, attempt: next.attempt + 1, due: Date.now() + 2000 * (next.attempt + 1) });
        started.set(queue[queue.length - 1]!, started.get(next)!);
        queue.sort((x, y) => x.due - y.due);
      }
    }
  }
  const stormEnded = Date.now();
  // The scheduled pass, until no channel is owed anything (digests wait out their interval).
  const owing = async () =>
    (
      await new DynamoDBClient({}).send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'owing = :yes',
          ExpressionAttributeValues: { ':pk': { S: 'FLOWS' }, ':yes': { BOOL: true } },
        }),
      )
    ).Items?.length ?? 0;
  for (let i = 0; i < 120 && (await owing()) > 0; i++) {
    await new Promise((r) => setTimeout(r, 5000));
    await invoke({ lamplighter: 'drain' }).catch(() => failures++);
  }
  process.stdout.write = writeLog;
  const settled = Date.now();

  // What Slack shows.
  const top = slack.messages.filter((m) => m.channel === CHANNEL && !m.threadTs);
  const blocks = (m: { blocks?: unknown; attachments?: unknown }) => JSON.stringify([m.blocks, m.attachments]);
  const storm = top.filter((m) => blocks(m).includes('thunder_cloud_and_rain'));
  const own = top.filter((m) => !storm.includes(m) && !m.text.includes('Posted twice by mistake'));
  const superseded = top.filter((m) => blocks(m).includes('Posted twice by mistake'));
  const names = [...new Set(planned.map((q) => q.alarm))];
  const ownOf = (name: string) => own.filter((m) => m.text.includes(`: ${name} `) || m.text.endsWith(`: ${name}`));
  const finals = new Map<string, string>();
  for (const q of planned) finals.set(q.alarm, q.state);
  let duplicates = 0;
  let wrong = 0;
  let lost = 0;
  for (const name of names) {
    const mine = ownOf(name);
    duplicates += Math.max(0, mine.length - 1);
    const shown = mine[0]?.text ?? '';
    if (!(finals.get(name) === 'OK' ? /^(RESOLVED|OK)/.test(shown) : shown.startsWith('ALARM'))) wrong++;
    const thread = mine
      .flatMap((m) => slack.messages.filter((r) => r.threadTs === m.ts))
      .map(blocks)
      .join('\n');
    for (const q of planned.filter((x) => x.alarm === name && x.index > 0))
      if (!thread.includes(q.changedAt.toISOString().slice(11, 19))) {
        lost++;
        if (process.env.BENCH_DEBUG)
          console.error('lost', name, q.index, q.changedAt.toISOString(), thread.slice(0, 3000));
      }
  }
  // Latency: from a notification's arrival to the first write after its invocation began that
  // shows its alarm — its own message, or the storm message listing it.
  const ownTs = new Map(names.map((n) => [n, new Set(ownOf(n).map((m) => m.ts))]));
  const stormTs = new Set(storm.map((m) => m.ts));
  const writes = slack.calls.filter(
    (c) => (c.method === 'chat.update' || c.method === 'chat.postMessage') && c.status === 200 && !c.body.thread_ts,
  );
  const latencies: number[] = [];
  const ownLatencies: number[] = [];
  for (const [q, began] of started) {
    if (q.attempt > 0) continue;
    const shows = (c: (typeof writes)[number], ownOnly: boolean) => {
      const ts = String(c.body.ts ?? '');
      const answerTs = String((c.response as { ts?: string } | undefined)?.ts ?? '');
      const isOwn = ownTs.get(q.alarm)!.has(ts) || ownTs.get(q.alarm)!.has(answerTs);
      const isStorm =
        (stormTs.has(ts) || stormTs.has(answerTs)) && JSON.stringify(c.body.blocks ?? '').includes(q.alarm);
      return (c.at ?? 0) >= began && (isOwn || (!ownOnly && isStorm));
    };
    const first = writes.find((c) => shows(c, false));
    const firstOwn = writes.find((c) => shows(c, true));
    latencies.push((first?.at ?? settled) - q.arrival);
    ownLatencies.push((firstOwn?.at ?? settled) - q.arrival);
  }
  const limited = slack.calls.filter((c) => c.status === 429).length;
  return {
    label,
    notifications: started.size,
    failures,
    lost,
    duplicates,
    superseded: superseded.length,
    wrong,
    storm: storm.length,
    p95: p95(latencies),
    mean: mean(latencies),
    p95own: p95(ownLatencies),
    limited,
    invocation: mean(durations),
    calls: slack.calls.length,
    settle: settled - stormEnded,
    logLines,
    close: () => slack.close(),
  };
}

/** Both storm runs; the table of their figures. */
export async function stormTable(): Promise<string> {
  const moto = await startMoto();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  try {
    const rows = [];
    for (const [label, faults, seed] of [
      ['storm', false, 7],
      ['storm + 10 % HTTP 500 + 5 % timeouts', true, 11],
    ] as const) {
      process.stderr.write(`bench: ${label}…\n`);
      const r = await run(label, moto.endpoint, faults, seed);
      await r.close();
      rows.push(r);
    }
    return [
      '| run | notifications (+5 % redelivered) | lost | duplicate messages | wrong final state | arrival → shown, p95 (mean) | arrival → own message, p95 | Slack 429s | invocation, mean | settled after the storm |',
      `|${'---|'.repeat(10)}`,
      ...rows.map(
        (r) =>
          `| ${r.label} | ${r.notifications} | ${r.lost} | ${r.duplicates} (${r.superseded} superseded) | ${r.wrong} | ${s(r.p95)} (${s(r.mean)}) | ${s(r.p95own)} | ${r.limited} | ${(r.invocation / 1000).toFixed(2)} s | ${s(r.settle)} |`,
      ),
    ].join('\n');
  } finally {
    await moto.stop();
  }
}
