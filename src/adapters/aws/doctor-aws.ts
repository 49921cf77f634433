import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DoctorAws, MemberProbe, Subscription } from '../../features/doctor/port';
import { createCloudFormationReader } from './cloudformation';
import { MEMBER_PROBE } from './member-probe';

const notFound = (err: unknown, ...names: string[]) =>
  err instanceof Error && (names.includes(err.name) || names.includes((err as { Code?: string }).Code ?? ''));

/** What doctor reads in the stack's account, with the caller's credentials; nothing is changed. */
export function createDoctorAws(region: string): DoctorAws {
  const cfn = createCloudFormationReader(region);
  const lambda = new LambdaClient({ region });
  const secrets = new SecretsManagerClient({ region });
  const events = new EventBridgeClient({ region });
  const sns = new SNSClient({ region });
  // The configured endpoint, not the queue URL's host (the same in AWS; a stand-in's differs).
  const sqs = new SQSClient({ region, useQueueUrlAsEndpoint: false });
  return {
    stack: (name) => cfn.stack(name),
    async secretString(secretId) {
      const res = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
      return res.SecretString ?? '';
    },
    async functionConfig(name) {
      const res = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      return { arn: res.FunctionArn ?? '', env: res.Environment?.Variables ?? {} };
    },
    async rule(name) {
      try {
        const rule = await events.send(new DescribeRuleCommand({ Name: name }));
        const targets = await events.send(new ListTargetsByRuleCommand({ Rule: name }));
        return { state: rule.State ?? 'UNKNOWN', targets: (targets.Targets ?? []).map((t) => t.Arn ?? '') };
      } catch (err) {
        if (notFound(err, 'ResourceNotFoundException')) return undefined;
        throw err;
      }
    },
    async subscriptions(topicArn) {
      try {
        await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
      } catch (err) {
        if (notFound(err, 'NotFoundException', 'NotFound')) return undefined;
        throw err;
      }
      const subs: Subscription[] = [];
      let next: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: next }));
        for (const s of res.Subscriptions ?? [])
          subs.push({
            protocol: s.Protocol ?? '',
            endpoint: s.Endpoint ?? '',
            confirmed: !!s.SubscriptionArn && s.SubscriptionArn.startsWith('arn:'),
          });
        next = res.NextToken;
        if (!next) break;
      }
      return subs;
    },
    async queueDepth(queueUrl) {
      const res = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      const a = res.Attributes ?? {};
      return (
        Number(a.ApproximateNumberOfMessages ?? 0) +
        Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
      );
    },
  };
}

/**
 * Member accounts' roles trust Lamplighter's function roles only, never the person running
 * doctor: so the probe asks the sweeper to try (`{"lamplighter":"probe-member"}`, which only
 * assumes the role and answers whether it could). Needs lambda:InvokeFunction on it.
 */
export function createMemberProbe(
  functionName: string,
  region: string,
  lambda = new LambdaClient({ region }),
): MemberProbe {
  return {
    async canRead(accountId) {
      const res = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify({ lamplighter: MEMBER_PROBE, accountId })),
        }),
      );
      const text = Buffer.from(res.Payload ?? new Uint8Array())
        .toString('utf8')
        .slice(0, 4000);
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        payload = undefined;
      }
      const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
      if (res.FunctionError)
        return { ok: false, reason: `the sweeper failed: ${String(p.errorMessage ?? res.FunctionError)}` };
      if (p.ok === true) return { ok: true };
      if (p.ok === false && typeof p.reason === 'string') return { ok: false, reason: p.reason };
      return { ok: false, reason: 'the sweeper did not understand the probe (deploy the current version)' };
    },
  };
}
