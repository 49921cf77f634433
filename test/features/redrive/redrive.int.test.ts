import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { main } from '../../../src/cli/main';
import { startLambdaStandIn, type LambdaStandIn } from '../../../src/sandbox/lambda-invoke';
import { alarmEvent, app, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

const NOTIFIER = 'lamplighter-AlarmNotifierFunction-1A2B3C';
const SWEEPER = 'lamplighter-SweeperFunction-4D5E6F';
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** What Lambda's on-failure destination writes for an event that failed its retries. */
const failureRecord = (name: string, event: unknown, error: string) =>
  JSON.stringify({
    version: '1.0',
    timestamp: '2026-11-27T09:58:00.000Z',
    requestContext: {
      requestId: 'e4b46cbf-b738-4b4a-8880-a18cdf61200e',
      functionArn: `${arn(name)}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'SlackDeliveryError', errorMessage: error, trace: [] },
  });

let lambda: LambdaStandIn;
let queueUrl: string;
const sqs = () => new SQSClient({});
let sweeperFixed = false;

const run = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await main(['redrive', '--queue', queueUrl, ...args], {
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
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

beforeAll(async () => {
  lambda = await startLambdaStandIn({
    [NOTIFIER]: (event) => app({ GRAPHS_ENABLED: 'false' }).handle(event, soon()),
    [SWEEPER]: async () => {
      if (!sweeperFixed) throw new Error('the sweeper is still broken');
      return { swept: true };
    },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  await lambda.close();
});

beforeEach(async () => {
  queueUrl = (await sqs().send(new CreateQueueCommand({ QueueName: `dlq-${Date.now()}` }))).QueueUrl!;
  lambda.invocations.length = 0;
  sweeperFixed = false;
  const bodies = [
    failureRecord(NOTIFIER, alarmEvent('orders-errors', 'ALARM', w.clock, 'sns-1'), 'chat.postMessage: invalid_auth'),
    failureRecord(SWEEPER, { lamplighter: 'sweep' }, 'the sweeper is broken'),
    'not a failure record',
  ];
  for (const body of bodies) await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
});

describe('lamplighter redrive', () => {
  it('lists what the queue holds, and by default changes nothing', async () => {
    const { code, out } = await run();
    expect(code).toBe(0);
    expect(out).toContain(`1.  ${NOTIFIER} · 2026-11-27 09:58:00 UTC · RetriesExhausted after 3 attempts`);
    expect(out).toMatch(/\n {4}SNS ALARM: "[^"]+" in US East \(N\. Virginia\) \(MessageId sns-1\)\n/);
    expect(out).toContain('error: SlackDeliveryError: chat.postMessage: invalid_auth');
    expect(out).toContain(SWEEPER);
    expect(out).toContain('not a Lambda failure record');
    expect(out).toContain('Nothing was changed (a dry run): run again with --yes');
    expect(lambda.invocations).toEqual([]);
    expect(topLevel()).toEqual([]);
    expect(await queued()).toBe(3);
  });

  it('with --yes, replays each event to its function and deletes it only when that succeeded', async () => {
    const { code, out } = await run('--yes');
    expect(code).toBe(1); // one replay failed
    // The alarm reached Slack, as it would have the first time.
    expect(topLevel()).toHaveLength(1);
    expect(topLevel()[0]!.text).toContain('orders-errors');
    expect(lambda.invocations.map((i) => i.name)).toEqual([NOTIFIER, SWEEPER]);
    expect(out).toContain('replayed, and deleted from the queue');
    expect(out).toContain('replay FAILED (Unhandled: Error: the sweeper is still broken); left in the queue');
    expect(out).toContain('1 replayed, 1 failed again, 1 left as they were.');
    expect(await queued()).toBe(2);

    // Fixed: the next run replays what was left, and the alarm is not posted twice.
    sweeperFixed = true;
    const again = await run('--yes');
    expect(again.code).toBe(0);
    expect(again.out).toContain('1 replayed, 0 failed again, 1 left as they were.');
    expect(await queued()).toBe(1);
    expect(topLevel()).toHaveLength(1);
  });

  it('answers a bad command with its usage', async () => {
    expect((await run('--yes', '--dry-run')).code).toBe(2);
    expect((await run('--max', 'lots')).err).toContain('usage: lamplighter redrive');
  });
});
