import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPriceListPort } from '../adapters/aws/pricing';
import { classify } from '../app/classify';
import { parseInputText, renderInput } from '../app/render';
import { deliveriesFrom } from '../kernel/envelopes/sns';
import { livePriceSource } from '../features/spend/prices/live';
import { snapshotSource } from '../features/spend/prices/snapshot';
import { jsonLogger } from '../kernel/log';
import { demo } from './demo';
import { DOCTOR_USAGE, doctorCommand } from './doctor';
import { updatePrices } from './prices-update';
import { REDRIVE_USAGE, redriveCommand } from './redrive';
import { sandbox } from './sandbox';
import { serve } from './serve';

const USAGE = `usage: lamplighter render FILE|- [--jsonl] [--live]
       lamplighter serve [--host ADDRESS]
       lamplighter demo [--keep]
       lamplighter sandbox
       lamplighter prices-update [--regions=us-east-1,eu-west-1] [--base=URL]
       lamplighter redrive --stack NAME --queue URL [--yes] [--rerun-worker-jobs] [--max N]
       lamplighter doctor [--stack NAME] [--region R] [--manifest FILE] [--send-test]

  Prints, as JSON, the Slack messages Lamplighter would post for FILE (or stdin with -):
  a Lambda SNS event or a bare SNS notification carrying a CloudWatch alarm, an AWS Budgets
  alert or a Cost Anomaly Detection alert; an EventBridge event (an alarm state change, a
  CloudTrail API call, GuardDuty, Security Hub, Health, …); or plain text. Input it does not
  recognise is said so on standard error and printed as the generic message Lamplighter
  would post. Output is a JSON array, or one message per line with --jsonl.
  Spend warnings are priced offline from the bundled, dated price list; --live asks the AWS
  Price List API first, with your AWS credentials (pricing:GetProducts).

  serve runs the Slack app (commands and buttons) on PORT (default 3000) at POST /slack/events,
  with the worker in-process; with SLACK_APP_TOKEN set it uses Socket Mode instead. It reads
  SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL and the standard AWS variables. It
  listens on 127.0.0.1 (this machine only) unless --host (or HOST) names another address, and
  then warns; another address needs your Slack app's own signing secret, not the sandbox's.

  prices-update rewrites the bundled price snapshot from AWS's public bulk price-list offer
  files (no credentials; the EC2 files are large). npm run prices:update runs it.

  redrive lists the dead-letter queue, and with --yes replays each event to its function
  (deleting it only after that succeeds), only the stack's own functions, with events it can
  verify. lamplighter redrive --help says more.

  doctor checks a deployment with your AWS credentials, one line per check (✓ / ✗ and what
  to do): the stack, the Slack secret and token, the channels, the manifest's request URLs,
  the alarms rule and topics, the dead-letter queue and member accounts. Read-only unless
  --send-test. lamplighter doctor --help says more.

  demo renders the sample alarm, then runs serve against a local moto_server and the Slack
  test server and sends it a signed /logs command: the whole bot on one machine, no accounts.

  sandbox (npm start) runs the whole bot locally and prints one URL: a page that draws what it
  posts as Slack would, with a composer for slash commands, a user switcher and scenarios
  (alarms, spend warnings, a GuardDuty finding). moto is AWS; no accounts, no tokens. Ctrl-C
  stops it. PORT sets the page's port (default: a free one).`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (command === 'prices-update') {
    const file = join(__dirname, '..', '..', 'src', 'features', 'spend', 'prices', 'snapshot.json.txt');
    const regions = rest
      .find((a) => a.startsWith('--regions='))
      ?.slice('--regions='.length)
      .split(',');
    const base = rest.find((a) => a.startsWith('--base='))?.slice('--base='.length);
    try {
      const done = await updatePrices({
        file,
        ...(regions ? { regions } : {}),
        ...(base ? { base } : {}),
        say: (l) => io.stderr(l + '\n'),
      });
      io.stdout(`lamplighter: ${done.figures} prices in ${done.regions} region files written to ${file}\n`);
      return 0;
    } catch (err) {
      io.stderr(`lamplighter: ${(err as Error).message}\n`);
      return 1;
    }
  }
  if (command === 'redrive') {
    if (rest.includes('--help')) {
      io.stdout(REDRIVE_USAGE + '\n');
      return 0;
    }
    return redriveCommand(rest, process.env, io);
  }
  if (command === 'doctor') {
    if (rest.includes('--help')) {
      io.stdout(DOCTOR_USAGE + '\n');
      return 0;
    }
    return doctorCommand(rest, process.env, io);
  }
  if (command === 'demo') {
    return demo(io, join(__dirname, '..', '..'), rest.includes('--keep'));
  }
  if (command === 'sandbox') {
    return sandbox(io, join(__dirname, '..', '..'));
  }
  if (command === 'serve') {
    const at = rest.indexOf('--host');
    const host = at >= 0 ? rest[at + 1] : undefined;
    const unknown = rest.filter((a, i) => i !== at && i !== at + 1);
    if ((at >= 0 && (!host || host.startsWith('-'))) || (at < 0 ? rest : unknown).length) {
      io.stderr(USAGE + '\n');
      return 2;
    }
    try {
      const server = await serve({ ...process.env, ...(host ? { HOST: host } : {}) });
      const where = server.address?.includes(':') ? `[${server.address}]` : server.address;
      io.stderr(
        `lamplighter: serving Slack ${server.mode === 'socket' ? 'over Socket Mode' : `on http://${where}:${server.port}/slack/events`}\n`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
      await server.stop();
      return 0;
    } catch (err) {
      io.stderr(`lamplighter: ${(err as Error).message}\n`);
      return 1;
    }
  }
  if (command !== 'render') {
    io.stderr(`${command ? `lamplighter: unknown command "${command}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const jsonl = rest.includes('--jsonl');
  const live = rest.includes('--live');
  const files = rest.filter((a) => a !== '--jsonl' && a !== '--live');
  if (files.length !== 1 || (files[0]?.startsWith('-') && files[0] !== '-')) {
    const why = files.length === 0 ? 'name a FILE to render, or - for standard input' : `unexpected ${files.join(' ')}`;
    io.stderr(`lamplighter render: ${why}\n\n${USAGE}\n`);
    return 2;
  }
  const file = files[0] as string;
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    io.stderr(`lamplighter: cannot read ${file === '-' ? 'standard input' : file}: ${(err as Error).message}\n`);
    return 1;
  }
  const prices = live ? await livePrices(io) : snapshotSource();
  const inputs = parseInputText(text);
  const unknown = unrecognised(inputs);
  if (unknown)
    io.stderr(
      `lamplighter render: ${unknown} not recognised (not an alarm, AWS event, CloudTrail call, budget or ` +
        `cost anomaly alert); printed as the generic message Lamplighter would post\n`,
    );
  const messages = (await Promise.all(inputs.map((input) => renderInput(input, undefined, prices)))).flat();
  io.stdout(
    jsonl ? messages.map((m) => JSON.stringify(m)).join('\n') + '\n' : JSON.stringify(messages, null, 2) + '\n',
  );
  return 0;
}

/** "the input" / "2 of 3 notifications" that only the generic message shows, or undefined if none. */
function unrecognised(inputs: unknown[]): string | undefined {
  const deliveries = inputs.flatMap((input) => deliveriesFrom(input));
  const generic = deliveries.filter((d) => classify(d).kind === 'generic').length;
  if (!generic) return undefined;
  return deliveries.length === 1 ? 'the input was' : `${generic} of ${deliveries.length} notifications were`;
}

/** The Price List API with the caller's credentials, for `--live`. */
async function livePrices(io: CliIo) {
  return livePriceSource({ api: createPriceListPort(), log: jsonLogger((line) => io.stderr(line + '\n')) });
}
