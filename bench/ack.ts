/**
 * The Slack ack, measured: the built slack bundle answering signed `/logs` commands while the
 * worker hand-off (Lambda Invoke, pointed at a stand-in by AWS_ENDPOINT_URL_LAMBDA) answers
 * after 0 ms, 2 s and 8 s. Slack gives up at 3 s; the gateway's own bound is 1.5 s.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { slackSignature, slashCommandBody } from '../src/sandbox/sign';
import { startSlackApiServer } from '../src/sandbox/slack-api';

const SECRET = 'bench-signing-secret';
const REQUESTS = Number(process.env.BENCH_ACKS ?? 20);

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

export async function ackTable(): Promise<string> {
  const slack = await startSlackApiServer({ token: 'xoxb-bench' });
  let delay = 0;
  const lambda = createServer((req, res) => {
    req.resume();
    setTimeout(() => res.writeHead(202).end(), delay).unref();
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: slack.apiUrl,
    WORKER_FUNCTION_NAME: 'bench-worker',
    LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
    LOG_LEVEL: 'ERROR',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as Lambda loads it
  const { handler } = require(resolve('dist/slack/index.js')) as {
    handler: (e: unknown, c: unknown) => Promise<{ statusCode: number }>;
  };
  const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'bench' };
  const rows: string[] = [];
  try {
    for (const ms of [0, 2000, 8000]) {
      delay = ms;
      const times: number[] = [];
      let failed = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const body = slashCommandBody({ command: '/logs', text: 'orders ERROR', responseUrl: slack.responseUrl() });
        const started = performance.now();
        const res = await handler(
          {
            version: '2.0',
            rawPath: '/slack/events',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SECRET, body) },
            body,
            isBase64Encoded: false,
          },
          context,
        );
        times.push(performance.now() - started);
        if (res.statusCode !== 200) failed++;
      }
      rows.push(
        `| ${ms} ms | ${quantile(times, 0.5).toFixed(0)} ms | ${quantile(times, 0.99).toFixed(0)} ms | ${failed} of ${REQUESTS} |`,
      );
    }
  } finally {
    lambda.closeAllConnections();
    lambda.close();
    await slack.close();
  }
  return [
    `| hand-off answered after | ack p50 | ack p99 (of ${REQUESTS}) | not 200 |`,
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}
