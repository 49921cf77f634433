// `npm run bench`: bundles the benchmarks (their dependencies stay in node_modules) and the naive
// build the cold-start figures compare against, then runs them against the bundles
// `npm run build` made.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['bench/main.ts'],
  outfile: 'dist/bench/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
// As scripts/build.mjs builds the functions: everything bundled, minified.
await build({
  entryPoints: ['bench/naive.ts'],
  outfile: 'dist/bench/naive.js',
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['dist/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
