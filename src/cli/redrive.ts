import { createDeadLetterQueue, createFunctionInvoker } from '../adapters/aws/dead-letters';
import { formatRedrive } from '../features/redrive/format';
import { redrive } from '../features/redrive/redrive';

export const REDRIVE_USAGE = `usage: lamplighter redrive --queue URL [--yes] [--max N]

  Lists what the dead-letter queue holds: which function, when, why, the error, and the event.
  A dry run by default: nothing changes. With --yes, invokes each message's function with its
  original event and deletes the message only after that invocation succeeds; a failure stays.
  The queue URL is the stack's DeadLetterQueueUrl output (or DEAD_LETTER_QUEUE_URL). Needs
  sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility and lambda:InvokeFunction.`;

/** `lamplighter redrive`: resolves to the exit code (1 when a replay failed). */
export async function redriveCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const known = new Set(['--queue', '--yes', '--dry-run', '--max']);
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && args[i - 1] !== '--queue');
  const queueUrl = value('--queue') ?? env.DEAD_LETTER_QUEUE_URL;
  const max = Number(value('--max') ?? 100);
  if (
    unknown.length ||
    !queueUrl ||
    !Number.isInteger(max) ||
    max < 1 ||
    (args.includes('--yes') && args.includes('--dry-run'))
  ) {
    io.stderr(`${unknown.length ? `lamplighter redrive: unknown option ${unknown[0]}\n` : ''}${REDRIVE_USAGE}\n`);
    return 2;
  }
  const replay = args.includes('--yes');
  try {
    const results = await redrive(createDeadLetterQueue(queueUrl), createFunctionInvoker(), { replay, max });
    io.stdout(formatRedrive(results, replay));
    return results.some((r) => r.outcome === 'failed') ? 1 : 0;
  } catch (err) {
    io.stderr(`lamplighter redrive: ${(err as Error).message}\n`);
    return 1;
  }
}
