/**
 * Cold load, measured: how long `require()` of each built bundle takes in a fresh Node process
 * (its module-scope work included), beside the naive build (bench/naive.ts) and an empty file.
 * Runs are interleaved and the medians compared, as ratios of added load time: (bundle − empty)
 * ÷ (naive − empty). A second column compares with the naive build made with the functions' own
 * main fields (the SDK's ES modules, tree-shaken), so that option's share is not hidden. Prints a
 * table; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** What each function's module scope reads, so it builds as it would in Lambda. */
const ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'bench',
  SLACK_BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
  SLACK_DEFAULT_CHANNEL: 'C0BENCH001',
  SLACK_COST_CHANNEL: 'C0BENCH001',
  WORKER_FUNCTION_NAME: 'bench-worker',
  LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
};

const TARGETS = {
  empty: 'dist/bench/empty.js',
  naive: 'dist/bench/naive.js',
  'naive, ES modules': 'dist/bench/naive-esm.js',
  'alarm-notifier': 'dist/alarm-notifier/index.js',
  'cost-guard': 'dist/cost-guard/index.js',
  slack: 'dist/slack/index.js',
  worker: 'dist/worker/index.js',
  sweeper: 'dist/sweeper/index.js',
} as const;

const PROBE = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6),()=>process.exit(0));`;

function once(file: string): number {
  const run = spawnSync(process.execPath, ['-e', PROBE, resolve(file)], {
    env: { ...process.env, ...ENV },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${file} did not load: ${run.stderr}`);
  return Number(run.stdout);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export function coldStartTable(): string {
  writeFileSync('dist/bench/empty.js', 'exports.handler = async () => null;\n');
  const times = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, [] as number[]])) as Record<string, number[]>;
  for (let i = 0; i < RUNS; i++) for (const [name, file] of Object.entries(TARGETS)) times[name]!.push(once(file));
  const empty = median(times.empty!);
  const naive = median(times.naive!) - empty;
  const naiveEsm = median(times['naive, ES modules']!) - empty;
  const pct = (added: number, of: number) => `${Math.round((added / of) * 100)} %`;
  const rows = Object.entries(TARGETS)
    .filter(([name]) => name !== 'empty')
    .map(([name, file]) => {
      const added = median(times[name]!) - empty;
      return `| ${name} | ${(statSync(file).size / 1024).toFixed(0)} KiB | ${added.toFixed(1)} ms | ${pct(added, naive)} | ${pct(added, naiveEsm)} |`;
    });
  return [
    `| bundle | size | added load time (median of ${RUNS}) | of the naive build's | of the naive build's, ES modules |`,
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
