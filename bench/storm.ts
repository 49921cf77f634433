/**
 * Alarm storms against the built notifier bundle, moto, and the Slack test server enforcing
 * Slack's published limits (chat.update about 50 a minute for the whole workspace, chat.postMessage
 * about one a second per channel with a burst of 3, 429 with Retry-After past them), every Slack
 * call taking ~100 ms, channels configured by name. Real time, no simulated clock: each change is
 * its own invocation, started when it arrives and run concurrently with the others, as Lambda runs
 * asynchronous events once the notifier has no reserved concurrency. What is shortened: a failed
 * invocation is retried after 2 s and 4 s (Lambda: about 1 and 2 minutes). The scheduled pass runs
 * every 60 s, as the template's schedule does.
 *
 * (a) one channel: 300 changes of 30 alarms within a minute, 5 % delivered twice; and the same
 *     with 10 % HTTP 500 and 5 % timeouts (applied, answered after the client gave up).
 * (b) ten channels, 120 alarms, 1,200 changes at 10 a second, one channel's Slack calls 3 s late.
 *
 * BENCH_QUICK=1 runs a quarter of each; BENCH_SCENARIO=0,2 picks scenarios; BENCH_DEBUG=<file>
 * appends failed invocations, the functions' warnings, the slowest changes and wrong alarms to it.
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createStateTable } from '../src/adapters/aws/seed';
import { startMoto } from '../src/sandbox/moto';
import { SLACK_RATE_LIMITS, startSlackApiServer, type SlackApiServer } from '../src/sandbox/slack-api';
import { measure, type Change } from './storm-measure';

const TOKEN = 'xoxb-bench';
const QUICK = process.env.BENCH_QUICK === '1';

interface Scenario {
  label: string;
  channels: number;
  alarmsPerChannel: number;
  changes: number;
  spreadMs: number;
  faults: boolean;
  slowMs: number;
  seed: number;
}

/** A deterministic generator, so runs compare. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const channelName = (c: number) => (c === 0 ? 'alerts' : `team-${c}`);
const channelId = (c: number) => `C0BENCH${String(c).padStart(3, '0')}`;
const alarmName = (c: number, a: number) => `${channelName(c)}-api-${String(a + 1).padStart(2, '0')}-5xx`;

function snsEvent(c: Change, messageId: string) {
  const message = {
    AlarmName: c.alarm,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${c.alarm}`,
    AWSAccountId: '111122223333',
    Region: 'US East (N. Virginia)',
    NewStateValue: c.state,
    OldStateValue: c.state === 'ALARM' ? 'OK' : 'ALARM',
    NewStateReason: `Threshold Crossed: bench change ${c.index}`,
    StateChangeTime: new Date(c.changedAt).toISOString().replace('Z', '+0000'),
    Trigger: {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'SUM',
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      Dimensions: [{ name: 'ApiName', value: c.alarm }],
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:us-east-1:111122223333:lamplighter-alarms',
          Subject: `${c.state}: "${c.alarm}"`,
          Message: JSON.stringify(message),
          Timestamp: new Date(c.changedAt).toISOString(),
        },
      },
    ],
  };
}

/** Each alarm flaps ALARM/OK through its share of the changes, in order, spread over the scenario. */
function plan(s: Scenario, random: () => number, start: number): Change[] {
  const alarms = s.channels * s.alarmsPerChannel;
  const perAlarm = Math.round(s.changes / alarms);
  const out: Change[] = [];
  for (let c = 0; c < s.channels; c++)
    for (let a = 0; a < s.alarmsPerChannel; a++) {
      let t = random() * (s.spreadMs / perAlarm);
      let previous = -Infinity;
      for (let i = 0; i < perAlarm; i++) {
        // Within the spread (the last few may fall just past it), and never two changes of one
        // alarm at the same moment (CloudWatch's StateChangeTime of successive transitions always
        // differs: with equal times, which came last cannot be told).
        const arrival = Math.max(previous + 200, start + Math.min(s.spreadMs, t));
        previous = arrival;
        out.push({
          alarm: alarmName(c, a),
          channel: channelId(c),
          index: i,
          state: i % 2 === 0 ? 'ALARM' : 'OK',
          changedAt: arrival - 500,
          arrival,
        });
        t += (s.spreadMs / perAlarm) * (0.5 + random());
      }
    }
  return out.sort((x, y) => x.arrival - y.arrival);
}

async function run(s: Scenario, endpoint: string) {
  const random = seeded(s.seed);
  const table = `bench-${s.seed}`;
  await createStateTable(table);
  const channels = Array.from({ length: s.channels }, (_, c) => ({ name: channelName(c), id: channelId(c) }));
  const slack: SlackApiServer = await startSlackApiServer({
    token: TOKEN,
    channels,
    rateLimits: SLACK_RATE_LIMITS,
    latencyMs: 100,
    ...(s.slowMs ? { slowChannels: { [channelId(0)]: s.slowMs } } : {}),
    ...(s.faults
      ? {
          chaos: {
            methods: ['chat.postMessage', 'chat.update'],
            status500: 0.1,
            timeout: 0.05,
            answerAfterMs: 3000,
            random: seeded(s.seed + 1),
          },
        }
      : {}),
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    // By name, as the sandbox and many deployments configure them.
    SLACK_DEFAULT_CHANNEL: '#alerts',
    LAMPLIGHTER_ROUTES: JSON.stringify(
      channels.slice(1).map((c) => ({ name: c.name, channel: `#${c.name}`, alarmNamePrefix: `${c.name}-` })),
    ),
    // SLACK_TIMEOUT_MS as deployed (5 s): a call answered 3 s late is slow, not lost.
    SLACK_TIMEOUT_MS: '5000',
    TABLE_NAME: table,
    GRAPHS_ENABLED: 'false',
    LOG_LINES: '0',
  });
  // A fresh container per run: the bundle reads its configuration at load.
  const bundle = resolve('dist/alarm-notifier/index.js');
  delete require.cache[bundle];
  const writeLog = process.stdout.write.bind(process.stdout);
  let logLines = 0;
  const debug = process.env.BENCH_DEBUG;
  process.stdout.write = ((chunk: unknown) => {
    logLines += String(chunk).split('\n').length - 1;
    if (debug && /"level":"(WARN|ERROR)"/.test(String(chunk))) appendFileSync(debug, String(chunk));
    return true;
  }) as typeof process.stdout.write;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as Lambda loads it
  const { handler } = require(bundle) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
  const invoke = (event: unknown) => {
    const deadline = Date.now() + 60_000; // the template's Timeout
    return handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
  };

  const start = Date.now() + 500;
  const changes = plan(s, random, start);
  let failures = 0;
  let invocations = 0;
  let busyMs = 0;
  const inFlight: Array<Promise<void>> = [];
  const deliver = (c: Change, messageId: string, attempt: number, at: number) => {
    inFlight.push(
      new Promise<void>((done) =>
        setTimeout(
          async () => {
            const t = Date.now();
            invocations++;
            try {
              await invoke(snsEvent(c, messageId));
            } catch (err) {
              failures++;
              if (debug) appendFileSync(debug, `FAILED ${c.alarm} ${String(err)}\n`);
              // Lambda retries a failed asynchronous invocation twice (after about 1 and 2 minutes; here 2 s and 4 s).
              if (attempt < 2) deliver(c, messageId, attempt + 1, Date.now() + 2000 * (attempt + 1));
            }
            busyMs += Date.now() - t;
            done();
          },
          Math.max(0, at - Date.now()),
        ),
      ),
    );
  };
  for (const c of changes) {
    const id = `${c.alarm}-${c.index}`;
    deliver(c, id, 0, c.arrival);
    if (random() < 0.05) deliver(c, id, 0, c.arrival + 1000 + random() * 4000); // redelivered
  }
  // The template's schedule: a pass every minute, from the start, until everything has settled.
  let ticking = true;
  const ticks = (async () => {
    for (let next = start + 60_000; ticking; next += 60_000) {
      while (ticking && Date.now() < next) await new Promise((r) => setTimeout(r, 200));
      if (ticking) await invoke({ lamplighter: 'drain' }).catch(() => failures++);
    }
  })();
  const measured = await measure(
    slack,
    changes,
    async () => {
      while (inFlight.length) await inFlight.shift();
    },
    () => invoke({ lamplighter: 'drain' }),
    s.slowMs ? channelId(0) : undefined,
  );
  ticking = false;
  await ticks;
  process.stdout.write = writeLog;
  const limited = slack.calls.filter((c) => c.status === 429).length;
  return {
    ...measured,
    label: s.label,
    changes: changes.length,
    failures,
    limited,
    lambdaSeconds: busyMs / 1000,
    invocations,
    logLines,
    close: () => slack.close(),
  };
}

const s1 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');

/** The storm scenarios; the table of their figures. */
export async function stormTable(): Promise<string> {
  const moto = await startMoto();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const scale = QUICK ? 0.25 : 1;
  const scenarios: Scenario[] = [
    {
      label: '(a) 1 channel, 30 alarms, 300 changes in 60 s',
      channels: 1,
      alarmsPerChannel: 30,
      changes: 300 * scale,
      spreadMs: 60_000 * scale,
      faults: false,
      slowMs: 0,
      seed: 7,
    },
    {
      label: '(a) + 10 % HTTP 500, 5 % timeouts',
      channels: 1,
      alarmsPerChannel: 30,
      changes: 300 * scale,
      spreadMs: 60_000 * scale,
      faults: true,
      slowMs: 0,
      seed: 11,
    },
    {
      label: '(b) 10 channels, 120 alarms, 1,200 changes at 10/s, #alerts 3 s slow',
      channels: 10,
      alarmsPerChannel: 12,
      changes: 1200 * scale,
      spreadMs: 120_000 * scale,
      faults: false,
      slowMs: 3000,
      seed: 13,
    },
  ];
  const only = process.env.BENCH_SCENARIO;
  try {
    const rows = [];
    for (const [i, s] of scenarios.entries()) {
      if (only && !only.split(',').includes(String(i))) continue;
      process.stderr.write(`bench: ${s.label}…\n`);
      const r = await run(s, moto.endpoint);
      await r.close();
      rows.push(r);
    }
    return [
      '| scenario | changes (+5 % redelivered) | lost | duplicates | wrong final state | display freshness mean / p95 | other channels mean / p95 | settled after the last change | Slack 429s | failed invocations | Lambda-seconds |',
      `|${'---|'.repeat(11)}`,
      ...rows.map(
        (r) =>
          `| ${r.label} | ${r.changes} | ${r.lost} | ${r.duplicates} | ${r.wrong} | ${s1(r.mean)} / ${s1(r.p95)} | ${r.others ? `${s1(r.others.mean)} / ${s1(r.others.p95)}` : '–'} | ${s1(r.settled)} | ${r.limited} | ${r.failures} | ${r.lambdaSeconds.toFixed(0)} |`,
      ),
    ].join('\n');
  } finally {
    await moto.stop();
  }
}
