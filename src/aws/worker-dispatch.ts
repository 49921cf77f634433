import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Job } from '../commands/jobs';

/** Hands a job to the worker function asynchronously: Lambda queues it, retries it, and dead-letters it. */
export function createWorkerDispatch(functionName: string, client: LambdaClient = new LambdaClient({})): (job: Job) => Promise<void> {
  return async (job) => {
    await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
  };
}
