import { GetFunctionCommand, InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { FunctionFacts, OwnFunctions } from '../../features/redrive/admit';
import type { DeadLetterQueue, FunctionInvoker } from '../../features/redrive/redrive';
import { readSigningSecret } from './secrets';

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

/**
 * What redrive checks a record's function against, in the operator's own account and region:
 * GetFunction's tags (CloudFormation sets `aws:cloudformation:stack-name` and `…:logical-id`,
 * which no one else can set) and the Slack secret the function reads. Each looked up once.
 */
export function createOwnFunctions(
  lambda = new LambdaClient({}),
  sts = new STSClient({}),
  secrets = new SecretsManagerClient({}),
): OwnFunctions {
  let where: Promise<{ account: string; region: string }> | undefined;
  const facts = new Map<string, Promise<FunctionFacts | undefined>>();
  const signing = new Map<string, Promise<string>>();
  return {
    where: () =>
      (where ??= Promise.all([sts.send(new GetCallerIdentityCommand({})), lambda.config.region()]).then(
        ([identity, region]) => ({ account: identity.Account ?? '', region }),
      )),
    describe(name) {
      let known = facts.get(name);
      if (!known) {
        known = lambda.send(new GetFunctionCommand({ FunctionName: name })).then(
          (res) => {
            const tags = res.Tags ?? {};
            const secretId = res.Configuration?.Environment?.Variables?.SLACK_BOT_TOKEN_SECRET_ARN;
            return {
              ...(tags['aws:cloudformation:stack-name'] ? { stackName: tags['aws:cloudformation:stack-name'] } : {}),
              ...(tags['aws:cloudformation:logical-id'] ? { logicalId: tags['aws:cloudformation:logical-id'] } : {}),
              ...(secretId ? { slackSecretId: secretId } : {}),
            };
          },
          (err: unknown) => {
            if (err instanceof ResourceNotFoundException) return undefined;
            throw err;
          },
        );
        facts.set(name, known);
      }
      return known;
    },
    signingSecret(secretId) {
      let secret = signing.get(secretId);
      if (!secret) signing.set(secretId, (secret = readSigningSecret(secrets, secretId)));
      return secret;
    },
  };
}
