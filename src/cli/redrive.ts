import { createDeadLetterQueue, createFunctionInvoker, createOwnFunctions } from '../adapters/aws/dead-letters';
import { formatRedrive } from '../features/redrive/format';
import { redrive } from '../features/redrive/redrive';

export const REDRIVE_USAGE = `usage: lamplighter redrive --stack NAME --queue URL [--yes] [--rerun-worker-jobs] [--max N]

  Lists what the dead-letter queue holds: which function (its account and region), when, why,
  the error, the event, and for a worker job the Slack user it acts for. A dry run by default:
  nothing changes. With --yes, invokes each message's function with its original event and
  deletes the message only after that invocation succeeds; a failure stays.
  Only stack NAME's own functions are invoked (in the account and region your credentials act
  in, tagged by CloudFormation as the stack's), only with an event the stack sends them, and a
  worker job only when the Slack gateway's signature on it holds; anything else is refused, with
  the reason, and left in the queue. Worker jobs are not replayed without --rerun-worker-jobs:
  the worker has no retries, because a job may already have answered or created snapshots.
  The queue URL is the stack's DeadLetterQueueUrl output (or DEAD_LETTER_QUEUE_URL); NAME may
  come from LAMPLIGHTER_STACK. The signing secret is read from the secret the worker names
  (or SLACK_SIGNING_SECRET). Needs sqs:ReceiveMessage, sqs:DeleteMessage,
  sqs:ChangeMessageVisibility, lambda:GetFunction, lambda:InvokeFunction and
  secretsmanager:GetSecretValue on the Slack secret.`;

/** `lamplighter redrive`: resolves to the exit code (1 when a replay failed). */
export async function redriveCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const valued = new Set(['--queue', '--stack', '--max']);
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const known = new Set([...valued, '--yes', '--dry-run', '--rerun-worker-jobs']);
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && !valued.has(args[i - 1] ?? ''));
  const queueUrl = value('--queue') ?? env.DEAD_LETTER_QUEUE_URL;
  const stack = value('--stack') ?? env.LAMPLIGHTER_STACK;
  const max = Number(value('--max') ?? 100);
  if (
    unknown.length ||
    !queueUrl ||
    !stack ||
    !Number.isInteger(max) ||
    max < 1 ||
    (args.includes('--yes') && args.includes('--dry-run'))
  ) {
    io.stderr(`${unknown.length ? `lamplighter redrive: unknown option ${unknown[0]}\n` : ''}${REDRIVE_USAGE}\n`);
    return 2;
  }
  const replay = args.includes('--yes');
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  try {
    const results = await redrive(createDeadLetterQueue(queueUrl), createFunctionInvoker(), createOwnFunctions(), {
      replay,
      max,
      stack,
      rerunWorkerJobs: args.includes('--rerun-worker-jobs'),
      ...(signingSecret ? { signingSecret } : {}),
    });
    io.stdout(formatRedrive(results, replay));
    return results.some((r) => r.outcome === 'failed') ? 1 : 0;
  } catch (err) {
    io.stderr(`lamplighter redrive: ${(err as Error).message}\n`);
    return 1;
  }
}
