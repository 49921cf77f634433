import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parseSignedJob } from '../../../src/app/worker/job';
import { main } from '../../../src/cli/main';
import { jobKey, signJob } from '../../../src/kernel/access/job-signature';
import { startLambdaStandIn, type LambdaStandIn, type StandInFunction } from '../../../src/sandbox/lambda-invoke';
import { alarmEvent, app, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

const STACK = 'lamplighter-redrive';
const SIGNING = 'redrive-signing-secret';
const ACCOUNT = '123456789012';

/**
 * moto's IAM, asked directly (the project has no IAM client): Lambda's CreateFunction wants a
 * role that exists.
 */
async function createRole(): Promise<string> {
  const res = await fetch(process.env.AWS_ENDPOINT_URL!, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20261127/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'lamplighter-redrive-fn',
      AssumeRolePolicyDocument: '{}',
    }).toString(),
  });
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
  if (!arn) throw new Error(`moto CreateRole: ${res.status}`);
  return arn;
}

/** A function as CloudFormation deploys it: tagged with its stack and logical id (AWS's aws: tags). */
async function createFunction(name: string, role: string, tags: Record<string, string>, env = {}): Promise<void> {
  await new LambdaClient({}).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: role,
      Code: { ZipFile: new TextEncoder().encode('not run: the stand-in runs it') },
      Tags: tags,
      Environment: { Variables: env },
    }),
  );
}
const ofStack = (stack: string, logicalId: string) => ({
  'aws:cloudformation:stack-name': stack,
  'aws:cloudformation:logical-id': logicalId,
});

const names = { notifier: '', worker: '', sweeper: '', alarmsTopic: '', queueUrl: '' };
const arn = (name: string, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

/** What Lambda's on-failure destination writes for an event that failed its retries. */
const failureRecord = (functionArn: string, event: unknown, error: string) =>
  JSON.stringify({
    version: '1.0',
    timestamp: '2026-11-27T09:58:00.000Z',
    requestContext: {
      requestId: 'e4b46cbf-b738-4b4a-8880-a18cdf61200e',
      functionArn: `${functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'SlackDeliveryError', errorMessage: error, trace: [] },
  });

const muteJob = (user: string) => ({
  kind: 'incident',
  command: '/mute',
  text: 'orders-errors 2h --actions',
  user,
  channel: 'C0OPS00001',
  requestedAt: '2026-11-27T09:30:00.000Z',
});
const silent = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };
const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

let lambda: LambdaStandIn;
const functions: Record<string, StandInFunction> = {};
const sqs = () => new SQSClient({});
let sweeperFixed = false;

const run = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await main(['redrive', '--stack', STACK, '--queue', names.queueUrl, ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
  });
  return { code, out, err };
};
const queued = async () =>
  Number(
    (
      await sqs().send(
        new GetQueueAttributesCommand({ QueueUrl: names.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );
/** The record's lines in the report, from its number to the next. */
const entry = (out: string, n: number) => out.split(/\n(?=\d+\. {1,2})/)[n - 1] ?? '';

beforeAll(async () => {
  const secretArn = (
    await new SecretsManagerClient({}).send(
      new CreateSecretCommand({ Name: 'redrive/slack', SecretString: JSON.stringify({ signingSecret: SIGNING }) }),
    )
  ).ARN!;
  const role = await createRole();
  names.notifier = `${STACK}-AlarmNotifierFunction-1A2B3C`;
  names.worker = `${STACK}-WorkerFunction-4D5E6F`;
  names.sweeper = `${STACK}-SweeperFunction-7G8H9I`;
  names.alarmsTopic = `arn:aws:sns:us-east-1:${ACCOUNT}:${STACK}-AlarmsTopic-J1K2L3`;
  names.queueUrl = (await sqs().send(new CreateQueueCommand({ QueueName: `${STACK}-DeadLetterQueue` }))).QueueUrl!;
  await createFunction(names.notifier, role, ofStack(STACK, 'AlarmNotifierFunction'));
  await createFunction(names.worker, role, ofStack(STACK, 'WorkerFunction'), { SLACK_BOT_TOKEN_SECRET_ARN: secretArn });
  await createFunction(names.sweeper, role, ofStack(STACK, 'SweeperFunction'));
  // Someone else's function in this account and region, and one of another stack.
  await createFunction('payments-admin', role, {});
  await createFunction('other-WorkerFunction-X', role, ofStack('other', 'WorkerFunction'));
  Object.assign(functions, {
    [names.notifier]: (event: unknown) => app({ GRAPHS_ENABLED: 'false' }).handle(event, soon()),
    [names.sweeper]: async () => {
      if (!sweeperFixed) throw new Error('the sweeper is still broken');
      return { swept: true };
    },
    // The worker's own boundary: it too runs only a job the gateway signed.
    [names.worker]: async (event: unknown) => ({ answered: parseSignedJob(event, jobKey(SIGNING)).kind }),
    // Someone else's function, in this account and region: never to be invoked by a redrive.
    'payments-admin': async () => ({ ran: true }),
    'other-WorkerFunction-X': async () => ({ ran: true }),
  });
  lambda = await startLambdaStandIn(functions, { moto: process.env.AWS_ENDPOINT_URL! });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  await lambda.close();
});

const genuineJob = () => signJob(muteJob('U0ALICE001'), jobKey(SIGNING));

beforeEach(async () => {
  await sqs().send(new PurgeQueueCommand({ QueueUrl: names.queueUrl }));
  lambda.invocations.length = 0;
  sweeperFixed = false;
  const alarm = alarmEvent('orders-errors', 'ALARM', w.clock, 'sns-1');
  alarm.Records[0]!.Sns.TopicArn = names.alarmsTopic;
  const foreignTopic = alarmEvent('orders-errors', 'ALARM', w.clock, 'sns-2');
  foreignTopic.Records[0]!.Sns.TopicArn = 'arn:aws:sns:us-east-1:999999999999:attacker-topic';
  const bodies = [
    /* 1 */ failureRecord(arn(names.notifier), alarm, 'chat.postMessage: invalid_auth'),
    /* 2 */ failureRecord(arn(names.sweeper), scheduled, 'the sweeper is broken'),
    /* 3 */ failureRecord(arn(names.worker, 'us-east-1', '999999999999'), genuineJob(), 'x'),
    /* 4 */ failureRecord(arn(names.notifier, 'eu-west-1'), alarm, 'x'),
    /* 5 */ failureRecord(arn('payments-admin'), { grant: 'everything' }, 'x'),
    /* 6 */ failureRecord(arn(names.worker), muteJob('U0OPERATOR'), 'x'),
    /* 7 */ failureRecord(arn(names.worker), { ...genuineJob(), user: 'U0OPERATOR' }, 'x'),
    /* 8 */ failureRecord(arn(names.worker), signJob(muteJob('U0OPERATOR'), jobKey('guessed')), 'x'),
    /* 9 */ failureRecord(arn(names.notifier), foreignTopic, 'x'),
    /* 10 */ failureRecord(arn(names.worker), genuineJob(), 'Task timed out after 120.00 seconds'),
    /* 11 */ 'not a failure record',
    /* 12 */ failureRecord(arn('other-WorkerFunction-X'), genuineJob(), 'x'),
  ];
  // One at a time, so the queue hands them back in this order.
  for (const body of bodies) await sqs().send(new SendMessageCommand({ QueueUrl: names.queueUrl, MessageBody: body }));
});

describe('lamplighter redrive', () => {
  it("lists each record with its function's account and region and the job's user, and by default changes nothing", async () => {
    const { code, out } = await run();
    expect(code).toBe(0);
    expect(entry(out, 1)).toContain(
      `1.  ${names.notifier} · account ${ACCOUNT} · us-east-1 · 2026-11-27 09:58:00 UTC · RetriesExhausted after 3 attempts`,
    );
    expect(entry(out, 1)).toMatch(/\n {4}SNS ALARM: "[^"]+" in US East \(N\. Virginia\) \(MessageId sns-1\)\n/);
    expect(entry(out, 1)).toContain('error: SlackDeliveryError: chat.postMessage: invalid_auth');
    expect(entry(out, 1)).toContain('would be replayed');
    expect(entry(out, 3)).toContain('account 999999999999 · us-east-1');
    expect(entry(out, 4)).toContain(`account ${ACCOUNT} · eu-west-1`);
    expect(entry(out, 6)).toContain('user: U0OPERATOR (not signed by the Slack gateway)');
    expect(entry(out, 10)).toContain('user: U0ALICE001 (signed by the Slack gateway)');
    expect(entry(out, 10)).toContain('worker job /mute');
    expect(entry(out, 11)).toContain('not a Lambda failure record');
    expect(out).toContain('12 messages, 8 would be refused. Nothing was changed (a dry run)');
    expect(lambda.invocations).toEqual([]);
    expect(topLevel()).toEqual([]);
    expect(await queued()).toBe(12);
  });

  it("with --yes, replays only this stack's own functions with events it can verify; refuses the rest, each with its reason, and leaves them", async () => {
    const { code, out } = await run('--yes');
    expect(code).toBe(1); // the sweeper failed again
    // The alarm reached Slack, as it would have the first time.
    expect(topLevel()).toHaveLength(1);
    expect(topLevel()[0]!.text).toContain('orders-errors');
    expect(lambda.invocations.map((i) => i.name)).toEqual([names.notifier, names.sweeper]);
    expect(entry(out, 1)).toContain('replayed, and deleted from the queue');
    expect(entry(out, 2)).toContain('replay FAILED (Unhandled: Error: the sweeper is still broken); left in the queue');
    expect(entry(out, 3)).toContain(
      `refused: its function is in account 999999999999, not stack ${STACK}'s account ${ACCOUNT}; left in the queue`,
    );
    expect(entry(out, 4)).toContain(`refused: its function is in eu-west-1, not stack ${STACK}'s region us-east-1`);
    expect(entry(out, 5)).toContain(`refused: payments-admin is not one of stack ${STACK}'s functions`);
    expect(entry(out, 6)).toContain('refused: the job carries no signature');
    expect(entry(out, 7)).toContain('refused: the job signature does not match');
    expect(entry(out, 8)).toContain('refused: the job signature does not match');
    expect(entry(out, 9)).toContain(`refused: not an event stack ${STACK} sends to ${names.notifier}`);
    expect(entry(out, 10)).toContain('not replayed: a worker job runs again only with --rerun-worker-jobs');
    expect(entry(out, 12)).toContain(`refused: other-WorkerFunction-X is not one of stack ${STACK}'s functions`);
    expect(out).toContain('1 replayed, 1 failed again, 8 refused, 2 left as they were.');
    expect(await queued()).toBe(11);

    // Fixed: the next run replays what was left, the alarm is not posted twice, and what was
    // refused is still refused.
    sweeperFixed = true;
    const again = await run('--yes');
    expect(again.code).toBe(0);
    expect(again.out).toContain('1 replayed, 0 failed again, 8 refused, 2 left as they were.');
    expect(await queued()).toBe(10);
    expect(topLevel()).toHaveLength(1);
    expect(lambda.invocations.map((i) => i.name)).not.toContain('payments-admin');
  });

  it('replays a signed worker job only when told to, and the worker verifies it again', async () => {
    const { code, out } = await run('--yes', '--rerun-worker-jobs');
    expect(code).toBe(1); // the sweeper, still broken
    expect(entry(out, 10)).toContain('replayed, and deleted from the queue');
    expect(lambda.invocations.filter((i) => i.name === names.worker)).toHaveLength(1);
    expect(lambda.invocations.find((i) => i.name === names.worker)?.event).toMatchObject({ user: 'U0ALICE001' });
    expect(out).toContain('2 replayed, 1 failed again, 8 refused, 1 left as they were.');
  });

  it('answers a bad command with its usage, and replays nothing for a stack that has none of these functions', async () => {
    expect((await run('--yes', '--dry-run')).code).toBe(2);
    expect((await run('--max', 'lots')).err).toContain('usage: lamplighter redrive');
    expect(await main(['redrive', '--queue', names.queueUrl], silent)).toBe(2); // no --stack
    let out = '';
    const code = await main(['redrive', '--stack', 'no-such-stack', '--queue', names.queueUrl, '--yes'], {
      ...silent,
      stdout: (t) => (out += t),
    });
    expect(code).toBe(0);
    expect(out).toContain('0 replayed, 0 failed again, 11 refused, 1 left as they were.');
    expect(lambda.invocations).toEqual([]);
  });
});
