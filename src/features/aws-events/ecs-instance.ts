import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, headUnits, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { FAILED, IDLE, WARNING, nullish, stateMessage, where, type Style } from './states';

const resource = z.looseObject({ name: optionalText, integerValue: nullish(z.number()) });

// "ECS Container Instance State Change" (Amazon ECS Developer Guide, "Amazon ECS events"): the
// detail resembles DescribeContainerInstances' ContainerInstance.
const instanceDetail = z.looseObject({
  status: optionalText,
  agentConnected: nullish(z.boolean()),
  clusterArn: optionalText,
  containerInstanceArn: optionalText,
  ec2InstanceId: optionalText,
  registeredResources: nullish(z.array(resource)),
  remainingResources: nullish(z.array(resource)),
  versionInfo: nullish(z.looseObject({ agentVersion: optionalText })),
  updatedAt: optionalText,
});

const lastPart = (arn: string) => headUnits(arn.split('/').pop() ?? arn, 100);

/** "1,988 of 2,048 free", from the registered and remaining resource of that name. */
function free(d: z.infer<typeof instanceDetail>, name: string, unit = ''): string | undefined {
  const of = (list: typeof d.registeredResources) => list?.find((r) => r.name === name)?.integerValue ?? undefined;
  const total = of(d.registeredResources);
  const left = of(d.remainingResources);
  if (left === undefined) return undefined;
  return `${formatNumber(left)}${total !== undefined ? ` of ${formatNumber(total)}` : ''}${unit} free`;
}

/**
 * A container instance's state: its status (ACTIVE, DRAINING…), whether its agent is connected,
 * the EC2 instance, what CPU and memory it has left, and its agent version. An agent that lost
 * its connection, or an instance leaving service, is coloured; the routine change is grey.
 */
export function formatEcsContainerInstance(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.ecs' || event.detailType !== 'ECS Container Instance State Change') return undefined;
  const parsed = instanceDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const status = headUnits(d.status ?? 'UNKNOWN', 40).toUpperCase();
  const disconnected = d.agentConnected === false;
  const style: Style =
    status === 'INACTIVE' || status === 'DEREGISTERING' || disconnected
      ? { ...FAILED, label: status }
      : status === 'DRAINING'
        ? { ...WARNING, label: status }
        : { ...IDLE, label: status };
  const cluster = d.clusterArn ? lastPart(d.clusterArn) : undefined;
  const instance = d.ec2InstanceId ? headUnits(d.ec2InstanceId, 100) : undefined;
  const id = d.containerInstanceArn ? lastPart(d.containerInstanceArn) : event.resources[0];
  const fields: Array<[string, string]> = [['Status', escapeMrkdwn(status)]];
  if (d.agentConnected !== undefined && d.agentConnected !== null)
    fields.push([
      'Agent',
      `${d.agentConnected ? 'connected' : '*disconnected*'}${d.versionInfo?.agentVersion ? ` · ${escapeMrkdwn(headUnits(d.versionInfo.agentVersion, 40))}` : ''}`,
    ]);
  if (cluster) fields.push(['Cluster', inlineCode(cluster)]);
  if (instance) fields.push(['EC2 instance', inlineCode(instance)]);
  const cpu = free(d, 'CPU', ' units');
  if (cpu) fields.push(['CPU', cpu]);
  const memory = free(d, 'MEMORY', ' MiB');
  if (memory) fields.push(['Memory', memory]);
  if (id && !instance) fields.push(['Container instance', inlineCode(headUnits(id, 100))]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const safe = (s: string | undefined) => (s && /^[A-Za-z0-9_-]{1,255}$/.test(s) ? s : undefined);
  const url =
    event.region && safe(cluster) && safe(id)
      ? `https://${event.region}.console.aws.amazon.com/ecs/v2/clusters/${cluster}/infrastructure/container-instances/${id}?region=${event.region}`
      : undefined;
  const agent = disconnected ? ', agent disconnected' : '';
  return stateMessage(
    `ECS container instance${instance || id ? ` ${instance ?? id}` : ''}${cluster ? ` in ${cluster}` : ''}: ${status}${agent}`,
    style,
    fields,
    url ? link(url, 'Open the container instance') : 'Amazon ECS',
  );
}
