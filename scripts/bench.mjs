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
// Everything bundled, minified, as a naive build would be: esbuild's default main fields (the
// SDK's CommonJS build). And once more with the functions' own main fields (module, then main,
// as scripts/build.mjs): the second baseline shows what is left once both get the ES modules.
const naive = {
  entryPoints: ['bench/naive.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...naive, outfile: 'dist/bench/naive.js' });
await build({ ...naive, outfile: 'dist/bench/naive-esm.js', mainFields: ['module', 'main'] });
const run = spawnSync(process.execPath, ['dist/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
