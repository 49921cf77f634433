/**
 * Hostile input, formatted by the built code (issue 20): the slowest a log writer, an alarm or tag
 * author or a member account can make one notification. One notifier serves every account, so
 * these figures bound how long anyone's alarm can wait behind an attacker's. Before the one rule
 * (src/kernel/untrusted.ts), one 160,000-character log line took 13 s to format for an alarm and
 * 31 s for /logs; ten behind an alarm hit the notifier's 60 s timeout.
 *
 * Three ways in: the built notifier bundle (dist/alarm-notifier) with moto holding ten such lines
 * behind an alarmed metric filter and the Slack test server; the built CLI (dist/cli, `render`)
 * on payloads bent with 160,000-character fields and 12,000-deep nesting; and the /logs formatter
 * as bundled here. Prints milliseconds; asserts nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { createStateTable } from '../src/adapters/aws/seed';
import { formatSearchResult } from '../src/features/logs/format';
import { startMoto } from '../src/sandbox/moto';
import { startSlackApiServer } from '../src/sandbox/slack-api';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LONG = 160_000;
/** A run of spaces that does not end the line: what made /\s+$/ quadratic. */
const spaced = (head = 'a') => head + ' '.repeat(LONG - head.length - 1) + 'b';
/** Words, the longest a line can be shown: every cut and escape has work to do. */
const wordy = () => '<!channel> & `x` '.repeat(Math.ceil(LONG / 17)).slice(0, LONG);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are bent in place, at any depth
type Any = any;
const fixture = (name: string): Any => JSON.parse(readFileSync(join('test', 'fixtures', name), 'utf8'));

/** Max and median of `runs` timings of `work`, in ms. */
async function time(work: () => Promise<unknown> | unknown, runs = RUNS): Promise<{ max: number; median: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { max: ms[ms.length - 1]!, median: ms[Math.floor(ms.length / 2)]! };
}

/** Payloads for `lamplighter render`, each with its hostile part. */
function renderInputs(): Array<[label: string, payload: unknown]> {
  const alarmEvent = fixture('lamplighter/sns-cloudwatch-alarm-log-metric.json');
  const alarm = JSON.parse(alarmEvent.Records[0].Sns.Message);
  Object.assign(alarm, { AlarmDescription: spaced(), NewStateReason: wordy() });
  alarm.Trigger.Dimensions = [{ name: spaced('n'), value: wordy() }];
  alarm.Trigger.TreatMissingData = spaced();
  alarmEvent.Records[0].Sns.Message = JSON.stringify(alarm);

  const trail = fixture('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
  trail.userIdentity.arn = 'arn:aws:sts::111122223333:' + 'assumed-role/r/'.repeat(LONG / 15) + '\n';
  Object.assign(trail, { userAgent: spaced(), errorMessage: wordy(), sourceIPAddress: spaced('1') });
  trail.requestParameters.tagSpecificationSet = {
    items: [{ resourceType: 'instance', tags: [{ key: spaced('k'), value: wordy() }] }],
  };

  const health = fixture('notify-slack/eventbridge-aws-health-event.json');
  health.detail.eventDescription = [{ language: 'en_US', latestDescription: wordy() + spaced() }];

  const guardDuty = fixture('lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json');
  Object.assign(guardDuty.detail, { title: spaced(), description: wordy(), type: 'A'.repeat(LONG) });

  let deep: unknown = 'bottom';
  for (let i = 0; i < 12_000; i++) deep = { next: deep };
  const nested = {
    version: '0',
    id: 'deep',
    'detail-type': 'Custom',
    source: 'app',
    account: '111122223333',
    time: '2026-12-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: deep,
  };

  const text = {
    Type: 'Notification',
    MessageId: 'plain',
    Message: Array.from({ length: 30 }, () => spaced('x').slice(0, 8000)).join('\n'),
  };
  return [
    ['alarm: 160k description, reason, dimension, TreatMissingData', alarmEvent],
    ['CloudTrail RunInstances: 160k ARN, user agent, error, tag', trail],
    ['AWS Health: 160k+160k description', health],
    ['GuardDuty: 160k title, description, type', guardDuty],
    ['EventBridge event nested 12,000 deep', nested],
    ['SNS plain text: 240 KB of spaced runs', text],
  ];
}

async function renderRows(): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built CLI, as bin/lamplighter.js loads it
  const cli = require(resolve('dist/cli/index.js')) as { main: (argv: string[], io: unknown) => Promise<number> };
  const dir = mkdtempSync(join(tmpdir(), 'lamplighter-hostile-'));
  const rows: string[] = [];
  for (const [i, [label, payload]] of renderInputs().entries()) {
    const file = join(dir, `${i}.json`);
    // Deep values are written as text: JSON.stringify itself would overflow.
    writeFileSync(file, label.includes('12,000') ? deepJson() : JSON.stringify(payload));
    let out = '';
    const io = { stdout: (t: string) => (out = t), stderr: () => undefined, readStdin: async () => '' };
    const t = await time(() => cli.main(['render', file, '--jsonl'], io));
    rows.push(
      `| ${label} | built CLI, \`render\` | ${t.median.toFixed(1)} ms | ${t.max.toFixed(1)} ms | ${out.length.toLocaleString('en-US')} characters |`,
    );
  }
  return rows;
}

function deepJson(): string {
  const head = JSON.stringify({
    version: '0',
    id: 'deep',
    'detail-type': 'Custom',
    source: 'app',
    account: '111122223333',
    time: '2026-12-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: 0,
  });
  return head.replace('"detail":0', `"detail":${'{"next":'.repeat(12_000)}"bottom"${'}'.repeat(12_000)}`);
}

async function logsRow(): Promise<string> {
  const start = new Date('2026-12-01T10:00:00Z');
  const lines = Array.from({ length: 50 }, (_, i) => ({
    timestamp: start.getTime() + i * 1000,
    stream: 'web',
    message: i % 2 ? spaced() : wordy(),
  }));
  let size = 0;
  const t = await time(() => {
    const r = formatSearchResult(
      {
        group: '/app/api',
        pattern: '',
        start,
        end: start,
        rangeLabel: '1h',
        lines,
        allLines: lines,
        matched: 50,
        complete: true,
        limit: 50,
      },
      { partition: 'aws', region: 'us-east-1' },
    );
    size = JSON.stringify(r.message).length;
  });
  return `| /logs: 50 lines of 160k | /logs formatter (bundled) | ${t.median.toFixed(1)} ms | ${t.max.toFixed(1)} ms | ${size.toLocaleString('en-US')} characters (+ the whole lines as a file) |`;
}

/** Ten lines behind an alarmed metric filter, through the built notifier: post, resolve, re-open. */
async function notifierRows(): Promise<string[]> {
  const moto = await startMoto();
  const slack = await startSlackApiServer({ token: 'xoxb-hostile' });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SLACK_BOT_TOKEN: 'xoxb-hostile',
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: 'C0HOSTILE1',
    TABLE_NAME: 'bench-hostile',
    GRAPHS_ENABLED: 'false',
    WHAT_CHANGED: 'false',
    LOG_LINES: '10',
  });
  const writeLog = process.stdout.write.bind(process.stdout);
  try {
    await createStateTable('bench-hostile');
    const logs = new CloudWatchLogsClient({});
    const at = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const bundle = resolve('dist/alarm-notifier/index.js');
    delete require.cache[bundle];
    process.stdout.write = (() => true) as typeof process.stdout.write;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as Lambda loads it
    const { handler } = require(bundle) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    const invoke = (event: unknown) => handler(event, { getRemainingTimeInMillis: () => 60_000 });
    // A first notification pays the container's first calls (clients, table): not counted.
    await invoke({ Records: [{ Sns: { MessageId: 'warm-up', Message: 'warm-up' } }] });
    const base = fixture('lamplighter/sns-cloudwatch-alarm-log-metric.json');
    const rows: string[] = [];
    const cases = [
      ['alarm with 10 short lines (for comparison)', 'ShortCount', () => '404 GET /health 12 ms'],
      [
        'alarm with 10 lines of 160k behind its metric filter',
        'HostileCount',
        (i: number) => (i % 2 ? spaced('404 a') : '404 ' + wordy()),
      ],
    ] as const;
    for (const [label, metric, line] of cases) {
      const group = `/app/${metric}`;
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-1' }));
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: group,
          filterName: metric,
          filterPattern: '"404"',
          metricTransformations: [{ metricName: metric, metricNamespace: 'Lamplighter/Example', metricValue: '1' }],
        }),
      );
      const events = Array.from({ length: 10 }, (_, i) => ({ timestamp: at - (10 - i) * 20_000, message: line(i) }));
      // PutLogEvents takes up to 1 MiB a call.
      for (const batch of [events.slice(0, 5), events.slice(5)])
        await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'web-1', logEvents: batch }));
      const timings: string[] = [];
      for (const [n, [state, old]] of (
        [
          ['ALARM', 'OK'],
          ['OK', 'ALARM'],
          ['ALARM', 'OK'],
        ] as const
      ).entries()) {
        const event = JSON.parse(JSON.stringify(base));
        const alarm = JSON.parse(event.Records[0].Sns.Message);
        Object.assign(alarm, {
          AlarmName: `bench-${metric}`,
          AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:bench-${metric}`,
          NewStateValue: state,
          OldStateValue: old,
          StateChangeTime: new Date(at + n * 1000).toISOString().replace('Z', '+0000'),
        });
        alarm.Trigger.MetricName = metric;
        event.Records[0].Sns.Message = JSON.stringify(alarm);
        event.Records[0].Sns.MessageId = `${metric}-${n}`;
        const t = await time(() => invoke(event), 1);
        timings.push(`${state === 'OK' ? 'resolve' : n ? 're-open' : 'post'} ${t.max.toFixed(0)} ms`);
      }
      const posted = slack.messages.find((m) => !m.threadTs && m.text.includes(`bench-${metric}`));
      const shown = JSON.stringify(posted?.attachments ?? posted?.blocks ?? '');
      const seen = metric === 'ShortCount' ? shown.includes('GET /health') : shown.includes('404 a…');
      const what = metric === 'ShortCount' ? 'lines shown' : 'lines shown cut at 3,000 (`404 a…`)';
      rows.push(
        `| ${label} | built notifier + moto + Slack test server | ${timings.join(', ')} | | ${seen ? what : 'lines NOT shown as expected'} |`,
      );
    }
    return rows;
  } finally {
    process.stdout.write = writeLog;
    process.env = saved;
    await slack.close();
    await moto.stop();
  }
}

/** The table: every way in, its median and slowest time. */
export async function hostileTable(): Promise<string> {
  const rows = [await logsRow(), ...(await renderRows()), ...(await notifierRows())];
  return [`| hostile input | through | median of ${RUNS} | slowest | output |`, '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}
