import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseInputText, renderInput } from '../app/render';
import { seedLogGroup } from '../adapters/aws/seed';
import { silentLogger } from '../kernel/log';
import { startMoto } from '../sandbox/moto';
import { DEMO_SIGNING_SECRET } from '../sandbox/published-secrets';
import { slackSignature, slashCommandBody } from '../sandbox/sign';
import { startSlackApiServer } from '../sandbox/slack-api';
import type { CliIo } from './main';
import { serve } from './serve';
import { messageToTerminal } from './terminal-text';

const SIGNING_SECRET = DEMO_SIGNING_SECRET;
const TOKEN = 'xoxb-lamplighter-demo';

/**
 * `lamplighter demo`: everything on one machine, no accounts. It renders the sample alarm, then
 * starts moto (AWS) and the Slack Web API test server, seeds a log group, runs `serve` against
 * them, and sends it a signed `/logs` command, printing what the caller would see.
 */
export async function demo(io: CliIo, root: string, keep: boolean): Promise<number> {
  const sample = join(root, 'examples', 'alarm-404s.json');
  const [message] = (
    await Promise.all(parseInputText(await readFile(sample, 'utf8')).map((input) => renderInput(input)))
  ).flat();
  io.stdout(`1. The Slack message for ${sample}:\n\n${message ? messageToTerminal(message) : ''}\n\n`);

  // Everything started is stopped on every way out: an error, Ctrl-C (even while starting), or
  // the process exiting; moto is a child process and would otherwise outlive the demo.
  const running: Running = {};
  const killMoto = () => running.moto?.process.kill('SIGTERM');
  process.once('exit', killMoto);
  let interrupt = () => {};
  const interrupted = new Promise<number>((resolve) => (interrupt = () => resolve(INTERRUPTED)));
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  const work = live(io, running, keep, interrupted);
  try {
    const code = await Promise.race([work, interrupted]);
    // Ctrl-C is how --keep is meant to end.
    return code === INTERRUPTED && running.serving ? 0 : code;
  } catch (err) {
    io.stderr(`lamplighter demo: ${(err as Error).message}\n`);
    return 1;
  } finally {
    // Interrupted while starting: let the step under way finish, so what it started is stopped too.
    running.stopped = true;
    await work.catch(() => undefined);
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    await running.server?.stop().catch(() => undefined);
    await running.slack?.close().catch(() => undefined);
    await running.moto?.stop();
    process.off('exit', killMoto);
  }
}

interface Running {
  moto?: Awaited<ReturnType<typeof startMoto>>;
  slack?: Awaited<ReturnType<typeof startSlackApiServer>>;
  server?: Awaited<ReturnType<typeof serve>>;
  /** Set on the way out: the live part stops at its next step. */
  stopped?: boolean;
  serving?: boolean;
}

const INTERRUPTED = 130;

/** The live part: moto, the Slack test server and serve, and one signed /logs through them. */
async function live(io: CliIo, running: Running, keep: boolean, interrupted: Promise<number>): Promise<number> {
  try {
    running.moto = await startMoto();
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\n(The rendered alarm above needs nothing; the live part needs moto_server.)`,
      { cause: err },
    );
  }
  const moto = running.moto;
  if (running.stopped) return INTERRUPTED;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
  });
  const slack = (running.slack = await startSlackApiServer({ token: TOKEN }));
  if (running.stopped) return INTERRUPTED;
  const group = '/aws/lambda/demo-api';
  const now = Date.now();
  await seedLogGroup(group, '2026/11/27/[$LATEST]demo', [
    { timestamp: now - 40 * 60_000, message: 'INFO GET /orders 200 12ms' },
    { timestamp: now - 30 * 60_000, message: 'ERROR payment declined for order 42' },
    { timestamp: now - 20 * 60_000, message: 'INFO GET /health 200 1ms' },
    { timestamp: now - 10 * 60_000, message: 'ERROR payment declined for order 43 <!channel>' },
  ]);
  // A free port unless PORT names one, as `npm start` does: 3000 is often taken.
  const port = process.env.PORT ?? '0';
  const server = (running.server = await serve(
    {
      ...process.env,
      PORT: port,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
    },
    silentLogger,
  ).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      throw new Error(`port ${port} is in use; unset PORT to take a free one`, { cause: err });
    throw err;
  }));
  if (running.stopped) return INTERRUPTED;
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const text = 'demo-api "payment declined"';
  const body = slashCommandBody({ command: '/logs', text, responseUrl: slack.responseUrl() });
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SIGNING_SECRET, body) },
    body,
  });
  const ack = (await res.json()) as { text?: string };
  const ackMs = Date.now() - started;
  await server.idle();
  const [answer] = slack.responses;
  io.stdout(`2. lamplighter serve at ${url}, AWS = moto at ${moto.endpoint}, Slack = test server at ${slack.apiUrl}\n`);
  io.stdout(
    `   /logs ${text}\n   → HTTP ${res.status} in ${ackMs} ms: ${messageToTerminal({ text: ack.text ?? '' }, '')}\n` +
      `   → then, through the response_url (replacing that acknowledgement):\n\n` +
      `${answer ? messageToTerminal(answer.body, '     ') : '     (nothing came)'}\n\n`,
  );
  if (keep) {
    io.stdout(`Serving until Ctrl-C. Sign requests with SLACK_SIGNING_SECRET=${SIGNING_SECRET}.\n`);
    running.serving = true;
    await interrupted;
    return 0;
  }
  return res.status === 200 && slack.responses.length === 1 ? 0 : 1;
}
