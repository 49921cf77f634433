import { jobKey, verifyJob } from '../../kernel/access/job-signature';
import type { DeadLetter } from './record';

/**
 * The functions of the central stack that dead-letter, by the template's logical ids. Anyone who
 * can send to the queue writes a record's function ARN and event, so a redrive invokes only these.
 */
export const DEAD_LETTERING = {
  AlarmNotifierFunction: 'notifier',
  CostGuardFunction: 'cost-guard',
  WorkerFunction: 'worker',
  SweeperFunction: 'sweeper',
} as const;
type Kind = (typeof DEAD_LETTERING)[keyof typeof DEAD_LETTERING];

/** What Lambda says of a function in the operator's own account and region. */
export interface FunctionFacts {
  /** CloudFormation's `aws:cloudformation:*` tags: the `aws:` prefix is AWS's, no one else can set it. */
  stackName?: string;
  logicalId?: string;
  /** The Slack secret the function reads (SLACK_BOT_TOKEN_SECRET_ARN), for the job signing key. */
  slackSecretId?: string;
}

export interface OwnFunctions {
  /** The account and region the operator's credentials act in: the stack's. */
  where(): Promise<{ account: string; region: string }>;
  /** A function there, by name; undefined when there is none. */
  describe(name: string): Promise<FunctionFacts | undefined>;
  /** The Slack signing secret, from the secret the stack's worker reads. */
  signingSecret(secretId: string): Promise<string>;
}

export interface AdmitOptions {
  stack: string;
  /** Replay worker jobs too: the template gives the worker no retries, so only when asked. */
  rerunWorkerJobs: boolean;
  /** The signing secret given to the CLI (SLACK_SIGNING_SECRET), instead of reading the stack's. */
  signingSecret?: string;
}

export type Admission =
  | { verdict: 'replay'; functionArn: string; userSigned?: boolean }
  | { verdict: 'refuse' | 'skip'; reason: string; userSigned?: boolean };

const refuse = (reason: string, userSigned?: boolean): Admission => ({
  verdict: 'refuse',
  reason,
  ...(userSigned !== undefined ? { userSigned } : {}),
});

/** SNS notifications from a topic of the stack's own account and region, as its topics send them. */
function fromOwnTopics(event: unknown, account: string, region: string): boolean {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return false;
  return records.every((r: { EventSource?: unknown; Sns?: { TopicArn?: unknown } } | null) => {
    const topic = r?.Sns?.TopicArn;
    return (
      r?.EventSource === 'aws:sns' && typeof topic === 'string' && topic.startsWith(`arn:aws:sns:${region}:${account}:`)
    );
  });
}

const isScheduled = (event: unknown) => {
  const e = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return e?.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
};

/** Whether `event` is what the stack sends to a function of this kind. */
function expected(kind: Exclude<Kind, 'worker'>, event: unknown, account: string, region: string): boolean {
  if (kind === 'sweeper') return isScheduled(event);
  if (kind === 'notifier' && (event as { lamplighter?: unknown } | null)?.lamplighter === 'drain') return true;
  return fromOwnTopics(event, account, region);
}

/**
 * Whether a dead letter may be replayed: its function is one of this stack's own (same account
 * and region as the operator, tagged by CloudFormation as the stack's), its event is one the
 * stack sends that function, and a worker job carries the Slack gateway's signature. Worker jobs
 * are replayed only with `rerunWorkerJobs`. Invokes by the stack's own ARN, not the record's.
 */
export async function admit(letter: DeadLetter, own: OwnFunctions, options: AdmitOptions): Promise<Admission> {
  const { account, region } = await own.where();
  const { stack } = options;
  if (letter.account !== account)
    return refuse(`its function is in account ${letter.account}, not stack ${stack}'s account ${account}`);
  if (letter.region !== region)
    return refuse(`its function is in ${letter.region}, not stack ${stack}'s region ${region}`);
  const facts = await own.describe(letter.functionName);
  const kind =
    facts?.stackName === stack && facts.logicalId && Object.hasOwn(DEAD_LETTERING, facts.logicalId)
      ? DEAD_LETTERING[facts.logicalId as keyof typeof DEAD_LETTERING]
      : undefined;
  if (!facts || !kind) return refuse(`${letter.functionName} is not one of stack ${stack}'s functions`);
  const functionArn = `arn:aws:lambda:${region}:${account}:function:${letter.functionName}`;
  if (kind !== 'worker') {
    return expected(kind, letter.event, account, region)
      ? { verdict: 'replay', functionArn }
      : refuse(`not an event stack ${stack} sends to ${letter.functionName}`);
  }
  let secret = options.signingSecret;
  try {
    if (!secret) {
      if (!facts.slackSecretId) return refuse('the worker names no Slack secret, so its signature cannot be checked');
      secret = await own.signingSecret(facts.slackSecretId);
    }
  } catch (err) {
    return refuse(`the job signature cannot be checked: ${err instanceof Error ? err.message : String(err)}`);
  }
  const verdict = verifyJob(letter.event, jobKey(secret));
  if (!verdict.ok) return refuse(verdict.reason, false);
  if (!options.rerunWorkerJobs)
    return {
      verdict: 'skip',
      reason:
        'a worker job runs again only with --rerun-worker-jobs (the worker has no retries: the job may already have answered in Slack or created snapshots)',
      userSigned: true,
    };
  return { verdict: 'replay', functionArn, userSigned: true };
}
