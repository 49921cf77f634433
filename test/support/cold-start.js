// Runs built Lambda bundles as the runtime would, in this process, one after another: each with
// exactly the environment given (plus what Lambda itself sets), so a loader that rejects its
// configuration at cold start throws here with its own message. Reads a JSON list of
// { bundle, env, invoke? } on stdin; writes [{ bundle, error?, result? }] on stdout. With
// `invoke`, the bundle's handler is called with that event (a CloudFormation custom resource
// request, say). Used by test/build/config-check.test.ts.
'use strict';
const { readFileSync } = require('node:fs');

const LAMBDA = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'cold-start',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

async function main() {
  const runs = JSON.parse(readFileSync(0, 'utf8'));
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  const out = [];
  for (const run of runs) {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, base, LAMBDA, run.env);
    try {
      const mod = require(run.bundle);
      const result = run.invoke
        ? await mod.handler(run.invoke, { getRemainingTimeInMillis: () => 30000, functionName: 'cold-start' })
        : undefined;
      out.push({ bundle: run.bundle, result: result ?? null });
    } catch (err) {
      out.push({ bundle: run.bundle, error: `${err && err.message}` });
    }
  }
  // After a marker: a bundle may log to stdout too.
  process.stdout.write('\n@@cold-start@@' + JSON.stringify(out));
}
main();
