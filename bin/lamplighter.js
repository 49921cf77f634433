#!/usr/bin/env node
'use strict';
// The AWS SDK warns on every run under Node 20 that its 2027 versions will need Node 22: true,
// and said once in docs/sandbox.md; not worth repeating on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The CLI is bundled by `npm run build` (which `npm install` runs through `prepare`).
let cli;
try {
  cli = require('../dist/cli/index.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    console.error('lamplighter: the CLI is not built yet; run `npm run build` first');
    process.exit(1);
  }
  throw err;
}
// Exit once standard output and error have drained: `lamplighter render … | jq` gets every byte
// (process.exit drops what a pipe has not yet taken; test/cli/cli-pipe.test.ts).
// A reader that stops early (`| head`) closes the pipe: that ends the output, quietly, as for any
// command-line tool, not with an EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});
const drained = (stream) => new Promise((resolve) => stream.write('', resolve));
cli.main(process.argv.slice(2)).then(async (code) => {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
});
