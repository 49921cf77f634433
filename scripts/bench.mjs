// `npm run bench`: bundles bench/storm.ts (its dependencies stay in node_modules) and runs it
// against the notifier bundle `npm run build` made.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['bench/storm.ts'],
  outfile: 'dist/bench/storm.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['dist/bench/storm.js'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
