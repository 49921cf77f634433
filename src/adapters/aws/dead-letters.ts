import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetterQueue, FunctionInvoker } from '../../features/redrive/redrive';

/** The dead-letter queue over SQS: messages are hidden for five minutes while a redrive works. */
export function createDeadLetterQueue(queueUrl: string, sqs = new SQSClient({})): DeadLetterQueue {
  return {
    async receive(max) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: max,
          VisibilityTimeout: 300,
          WaitTimeSeconds: 0,
        }),
      );
      return (res.Messages ?? []).map((m) => ({
        id: m.MessageId ?? '',
        body: m.Body ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
      }));
    },
    async delete(message) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle }));
    },
    async release(message) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    },
  };
}

/** Invokes a function and waits for it, as Lambda's own retry would have. */
export function createFunctionInvoker(lambda = new LambdaClient({})): FunctionInvoker {
  return {
    async invoke(functionArn, event) {
      const res = await lambda.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      if (!res.FunctionError) return {};
      const text = res.Payload ? new TextDecoder().decode(res.Payload) : '';
      let message = text;
      try {
        const payload = JSON.parse(text) as { errorType?: string; errorMessage?: string };
        message = [payload.errorType, payload.errorMessage].filter(Boolean).join(': ') || text;
      } catch {
        // not JSON: the text as it came
      }
      return { error: `${res.FunctionError}${message ? `: ${message}` : ''}` };
    },
  };
}
