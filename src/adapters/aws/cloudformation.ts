import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { StackFacts } from '../../features/doctor/port';

/**
 * CloudFormation's two read calls doctor makes (DescribeStacks, ListStackResources), with the
 * SDK's default credentials. The endpoint follows the SDK's variables
 * (AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL), so tests reach moto.
 */
export function createCloudFormationReader(region: string) {
  const client = new CloudFormationClient({ region });

  return {
    /** Undefined when no stack of that name exists (CloudFormation's ValidationError "does not exist"). */
    async stack(name: string): Promise<StackFacts | undefined> {
      let stack;
      try {
        stack = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
      } catch (err) {
        if (err instanceof Error && err.name === 'ValidationError' && err.message.includes('does not exist')) {
          return undefined;
        }
        throw err;
      }
      if (!stack) return undefined;
      const resources: Record<string, string> = {};
      let next: string | undefined;
      for (let page = 0; page < 20; page++) {
        const listed = await client.send(new ListStackResourcesCommand({ StackName: name, NextToken: next }));
        for (const r of listed.StackResourceSummaries ?? []) {
          if (r.LogicalResourceId && r.PhysicalResourceId) resources[r.LogicalResourceId] = r.PhysicalResourceId;
        }
        next = listed.NextToken;
        if (!next) break;
      }
      const outputs: Record<string, string> = {};
      for (const o of stack.Outputs ?? []) if (o.OutputKey) outputs[o.OutputKey] = o.OutputValue ?? '';
      return {
        id: stack.StackId ?? '',
        status: stack.StackStatus ?? 'UNKNOWN',
        ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
        outputs,
        resources,
      };
    },
  };
}
