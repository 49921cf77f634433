import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Job } from '../../app/worker/job';

/** The hand-off's whole budget, retries included: it sits inside Slack's 3 seconds, after the ack is built. */
export const HAND_OFF_MS = 1500;

/**
 * Hands a job to the worker function asynchronously: Lambda queues it, retries it, and
 * dead-letters it. The deadline is real: an abort signal ends the call, retries and all, at
 * `deadlineMs` (a `requestTimeout` alone only logs a warning in @smithy/node-http-handler 4).
 */
export function createWorkerDispatch(
  functionName: string,
  client: LambdaClient = new LambdaClient({
    maxAttempts: 2,
    requestHandler: { requestTimeout: 1000, connectionTimeout: 500, throwOnRequestTimeout: true },
  }),
  deadlineMs = HAND_OFF_MS,
): (job: Job) => Promise<void> {
  return async (job) => {
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
      { abortSignal: AbortSignal.timeout(deadlineMs) },
    );
  };
}
