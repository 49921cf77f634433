import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseInputText, renderInput } from '../app/render';
import { seedLogGroup } from '../adapters/aws/seed';
import { silentLogger } from '../kernel/log';
import { startMoto } from '../sandbox/moto';
import { slackSignature, slashCommandBody } from '../sandbox/sign';
import { startSlackApiServer } from '../sandbox/slack-api';
import type { CliIo } from './main';
import { serve } from './serve';

const SIGNING_SECRET = 'lamplighter-demo-signing-secret';
const TOKEN = 'xoxb-lamplighter-demo';

/** The text a person would read in a message's sections, without the markup. */
function readable(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string')
        out.push(o.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      else Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

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
  io.stdout(
    `1. The Slack message for ${sample}:\n\n   ${readable(message?.attachments).slice(0, 8).join('\n   ')}\n\n`,
  );

  let moto;
  try {
    moto = await startMoto();
  } catch (err) {
    io.stderr(
      `lamplighter demo: ${(err as Error).message}\n(The rendered alarm above needs nothing; the live part needs moto_server.)\n`,
    );
    return 1;
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
  });
  const slack = await startSlackApiServer({ token: TOKEN });
  const group = '/aws/lambda/demo-api';
  const now = Date.now();
  await seedLogGroup(group, '2026/11/27/[$LATEST]demo', [
    { timestamp: now - 40 * 60_000, message: 'INFO GET /orders 200 12ms' },
    { timestamp: now - 30 * 60_000, message: 'ERROR payment declined for order 42' },
    { timestamp: now - 20 * 60_000, message: 'INFO GET /health 200 1ms' },
    { timestamp: now - 10 * 60_000, message: 'ERROR payment declined for order 43 <!channel>' },
  ]);
  const server = await serve(
    {
      ...process.env,
      PORT: process.env.PORT ?? '3000',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
    },
    silentLogger,
  );
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
  io.stdout(`2. lamplighter serve at ${url}, AWS = moto at ${moto.endpoint}, Slack = test server at ${slack.apiUrl}\n`);
  io.stdout(
    `   /logs ${text}\n   → HTTP ${res.status} in ${ackMs} ms: ${ack.text ?? ''}\n   → then, through the response_url:\n\n   ${readable(slack.responses[0]?.body.blocks).join('\n').split('\n').join('\n   ')}\n\n`,
  );
  if (keep) {
    io.stdout(`Serving until Ctrl-C. Sign requests with SLACK_SIGNING_SECRET=${SIGNING_SECRET}.\n`);
    await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  }
  await server.stop();
  await slack.close();
  await moto.stop();
  return res.status === 200 && slack.responses.length === 1 ? 0 : 1;
}
