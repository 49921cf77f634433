// Builds one minified bundle per Lambda function into dist/<function-name>/index.js (handler
// exported as `handler`), plus the CLI. The same entry points are in template.yaml for `sam build`.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const functions = {
  'alarm-notifier': 'handlers/alarm-notifier.ts',
  'cost-guard': 'handlers/cost-guard.ts',
  slack: 'handlers/slack.ts',
  sweeper: 'handlers/sweeper.ts',
  worker: 'handlers/worker.ts',
  // Runs at deploy time only (template.yaml's ConfigCheck custom resource).
  'config-check': 'handlers/config-check.ts',
};

// As template.yaml's BuildProperties.External (a test keeps the two the same): loaded on first
// use from the runtime's SDK, not bundled (or, for the Slack function, from a file beside it).
const EXTERNAL = JSON.parse(await readFile('scripts/externals.json', 'utf8'));
// As template.yaml's further BuildProperties.EntryPoints (the same test): files shipped beside a
// bundle, at their path under handlers/, as sam build lays them out (its outbase is handlers/).
const BESIDE = JSON.parse(await readFile('scripts/entry-points.json', 'utf8'));

const common = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

// As template.yaml's BuildProperties.MainFields (a test checks both): the AWS SDK's ES module
// build, which esbuild can tree-shake to the commands a function imports, before its CommonJS
// build, which carries every command and schema of a client and evaluates them all at cold start.
const FUNCTION_MAIN_FIELDS = ['module', 'main'];

await mkdir('dist', { recursive: true });
const report = {};
for (const [name, entry] of Object.entries(functions)) {
  const beside = (BESIDE[name] ?? []).map((file) => [file.replace(/^handlers\/|\.ts$/g, ''), file]);
  const result = await build({
    ...common,
    entryPoints: { index: entry, ...Object.fromEntries(beside) },
    outdir: `dist/${name}`,
    mainFields: FUNCTION_MAIN_FIELDS,
    external: EXTERNAL[name] ?? [],
  });
  await writeFile(`dist/${name}/meta.json`, JSON.stringify(result.metafile));
  const output = result.metafile.outputs[`dist/${name}/index.js`];
  report[name] = `${(output.bytes / 1024).toFixed(0)} KiB`;
}
// The CLI runs on the developer's Node (20+) inside the repository, so its dependencies stay in
// node_modules rather than in the bundle.
await build({
  ...common,
  minify: false,
  target: 'node20',
  packages: 'external',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/index.js',
});
// The sandbox page's script (src/sandbox/web/client.ts), for the browser; no framework, no CDN.
await build({
  ...common,
  minify: false,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  metafile: false,
  entryPoints: ['src/sandbox/web/client.ts'],
  outfile: 'dist/sandbox/client.js',
});
console.log('built', JSON.stringify(report));
