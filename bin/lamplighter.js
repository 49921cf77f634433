#!/usr/bin/env node
'use strict';
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
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
