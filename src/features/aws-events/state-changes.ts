import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { DONE, FAILED, MOVING, stateMessage as message, styleOf, where, type Style } from './states';

const pipelineDetail = z.looseObject({
  pipeline: z.string(),
  'execution-id': optionalText,
  state: z.string(),
});

const PIPELINE_STATES: Readonly<Record<string, Style>> = {
  FAILED,
  SUCCEEDED: DONE,
  STARTED: { ...MOVING, label: 'STARTED' },
  RESUMED: { ...MOVING, label: 'RESUMED' },
  STOPPING: { ...MOVING, label: 'STOPPING', color: '#9CA3AF' },
  STOPPED: { ...MOVING, label: 'STOPPED', color: '#9CA3AF', emoji: ':white_circle:' },
  SUPERSEDED: { ...MOVING, label: 'SUPERSEDED', color: '#9CA3AF', emoji: ':white_circle:' },
};

/** A CodePipeline execution's state change: the pipeline, the state, the execution, a link. */
export function formatPipelineExecution(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.codepipeline' || event.detailType !== 'CodePipeline Pipeline Execution State Change')
    return undefined;
  const parsed = pipelineDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const style = styleOf(d.state, PIPELINE_STATES);
  const fields: Array<[string, string]> = [
    ['Pipeline', inlineCode(d.pipeline)],
    ['State', escapeMrkdwn(style.label)],
  ];
  if (d['execution-id']) fields.push(['Execution', inlineCode(d['execution-id'])]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const url = event.region
    ? `https://${event.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${encodeURIComponent(d.pipeline)}/view?region=${event.region}`
    : undefined;
  return message(
    `Pipeline ${d.pipeline} ${style.label}`,
    style,
    fields,
    url ? link(url, 'Open the pipeline') : 'CodePipeline',
  );
}

const instanceDetail = z.looseObject({ 'instance-id': optionalText, instance_id: optionalText, state: z.string() });

const INSTANCE_STATES: Readonly<Record<string, Style>> = {
  running: { ...DONE, label: 'RUNNING' },
  pending: { ...MOVING, label: 'PENDING' },
  stopping: { ...MOVING, label: 'STOPPING', color: '#9CA3AF' },
  stopped: { ...MOVING, label: 'STOPPED', color: '#9CA3AF', emoji: ':white_circle:' },
  'shutting-down': { ...FAILED, label: 'SHUTTING DOWN', color: '#FF9900', emoji: ':large_orange_circle:' },
  terminated: { ...FAILED, label: 'TERMINATED' },
};

/** An EC2 instance's state change: the instance, its new state, where, a link. */
export function formatInstanceState(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.ec2' || event.detailType !== 'EC2 Instance State-change Notification') return undefined;
  const parsed = instanceDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const id = parsed.data['instance-id'] ?? parsed.data.instance_id ?? 'an instance';
  const style = styleOf(parsed.data.state, INSTANCE_STATES);
  const fields: Array<[string, string]> = [
    ['Instance', inlineCode(id)],
    ['State', escapeMrkdwn(style.label)],
    ['Where', where(event)],
  ];
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const url =
    event.region && /^i-[0-9a-f]{8,17}$/.test(id)
      ? `https://${event.region}.console.aws.amazon.com/ec2/home?region=${event.region}#InstanceDetails:instanceId=${id}`
      : undefined;
  return message(`EC2 instance ${id} ${style.label}`, style, fields, url ? link(url, 'Open the instance') : 'EC2');
}
