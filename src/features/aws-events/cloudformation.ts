import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { headUnits, escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { DONE, FAILED, IDLE, MOVING, WARNING, stateMessage, where, type Style } from './states';

const statusChange = z.looseObject({
  'stack-id': z.string(),
  'status-details': z.looseObject({ status: z.string(), 'status-reason': optionalText }),
  'logical-resource-id': optionalText,
  'physical-resource-id': optionalText,
  'resource-type': optionalText,
});

/** A stack or resource status and how it reads: failed red, rolled back orange, done green, going blue. */
export function cloudFormationStyle(status: string): Style {
  const label = headUnits(status, 60).replace(/_/g, ' ');
  if (/FAILED$/.test(status)) return { ...FAILED, label };
  if (/ROLLBACK/.test(status)) return { ...WARNING, label };
  if (status === 'DELETE_COMPLETE') return { ...IDLE, label };
  if (/_COMPLETE$/.test(status)) return { ...DONE, label };
  return { ...MOVING, label };
}

/** `arn:aws:cloudformation:eu-west-1:123456789012:stack/payments-api-prod/7f7e…` → payments-api-prod. */
const stackName = (stackId: string) => /:stack\/([^/]{1,128})\//.exec(stackId)?.[1] ?? stackId;

/**
 * A stack's (or one of its resources') status change: the stack, the status in words and colour,
 * the resource, CloudFormation's reason, and a link to the stack's events.
 */
export function formatCloudFormationStatus(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.cloudformation') return undefined;
  const isResource = event.detailType === 'CloudFormation Resource Status Change';
  if (!isResource && event.detailType !== 'CloudFormation Stack Status Change') return undefined;
  const parsed = statusChange.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const status = d['status-details'].status;
  const style = cloudFormationStyle(status);
  const stack = stackName(d['stack-id']);
  const logical = isResource ? d['logical-resource-id'] : undefined;
  const fields: Array<[string, string]> = [
    ['Stack', inlineCode(stack)],
    ['Status', escapeMrkdwn(style.label)],
  ];
  if (logical)
    fields.push([
      'Resource',
      `${inlineCode(logical)}${d['resource-type'] ? ` (${escapeMrkdwn(d['resource-type'])})` : ''}`,
    ]);
  if (isResource && d['physical-resource-id']) fields.push(['Physical id', inlineCode(d['physical-resource-id'])]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const reason = d['status-details']['status-reason']?.trim();
  const url =
    event.region && d['stack-id'].startsWith('arn:')
      ? `https://${event.region}.console.aws.amazon.com/cloudformation/home?region=${event.region}#/stacks/events?stackId=${encodeURIComponent(d['stack-id'])}`
      : undefined;
  return stateMessage(
    logical ? `Stack ${stack}: ${logical} ${style.label}` : `Stack ${stack} ${style.label}`,
    style,
    fields,
    url ? link(url, 'Open the stack’s events') : 'CloudFormation',
    reason ? `*Reason*\n${escapeMrkdwn(reason)}` : undefined,
  );
}
