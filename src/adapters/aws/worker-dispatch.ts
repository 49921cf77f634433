import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Job } from '../../app/worker/job';

/** Hands a job to the worker function asynchronously: Lambda queues it, retries it, and dead-letters it. */
export function createWorkerDispatch(
  functionName: string,
  // A short timeout and one retry: the hand-off sits inside Slack's 3-second budget.
  client: LambdaClient = new LambdaClient({
    maxAttempts: 2,
    requestHandler: { requestTimeout: 1000, connectionTimeout: 500 },
  }),
): (job: Job) => Promise<void> {
  return async (job) => {
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
    );
  };
}
