import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import { headUnits, escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { DONE, FAILED, IDLE, MOVING, WARNING, isoTime, nullish, stateMessage, where, type Style } from './states';

const taskDetail = z.looseObject({
  lastStatus: z.string(),
  clusterArn: optionalText,
  taskArn: optionalText,
  taskDefinitionArn: optionalText,
  group: optionalText,
  launchType: optionalText,
  stopCode: optionalText,
  stoppedReason: optionalText,
  stoppedAt: optionalText,
  containers: nullish(
    z.array(z.looseObject({ name: optionalText, exitCode: nullish(z.number()), reason: optionalText })),
  ),
});

/** `arn:aws:ecs:…:cluster/payments` → payments; `…:task-definition/api:42` → api:42; `…:task/c/0b69…` → 0b69…. */
const lastPart = (arn: string | null | undefined) => (arn ? (arn.split('/').pop() ?? arn) : undefined);

const SAFE = /^[A-Za-z0-9_.:-]{1,255}$/;

/**
 * A task that stopped: why (the stop code and reason), each container's exit code and reason,
 * the cluster, the service or family it belongs to, the task definition, and a link to the task.
 * Other task state changes (PENDING, RUNNING…) are not formatted.
 */
export function formatEcsTaskStopped(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.ecs' || event.detailType !== 'ECS Task State Change') return undefined;
  const parsed = taskDetail.safeParse(event.detail);
  if (!parsed.success || parsed.data.lastStatus !== 'STOPPED') return undefined;
  const d = parsed.data;
  const containers = d.containers ?? [];
  const crashed = containers.filter((c) => typeof c.exitCode === 'number' && c.exitCode !== 0);
  const style: Style =
    crashed.length || d.stopCode === 'TaskFailedToStart'
      ? { ...FAILED, label: 'STOPPED' }
      : d.stopCode === 'SpotInterruption' || d.stopCode === 'TerminationNotice'
        ? { ...WARNING, label: 'STOPPED' }
        : IDLE;
  const cluster = lastPart(d.clusterArn);
  const task = lastPart(d.taskArn);
  const what = d.group ?? lastPart(d.taskDefinitionArn) ?? task ?? 'a task';
  const fields: Array<[string, string]> = [];
  if (cluster) fields.push(['Cluster', inlineCode(cluster)]);
  if (d.group) fields.push(['Group', inlineCode(d.group)]);
  if (d.taskDefinitionArn) fields.push(['Task definition', inlineCode(lastPart(d.taskDefinitionArn)!)]);
  if (d.stopCode) fields.push(['Stop code', inlineCode(d.stopCode)]);
  if (task) fields.push(['Task', inlineCode(task)]);
  if (d.launchType) fields.push(['Launch type', escapeMrkdwn(d.launchType)]);
  fields.push(['Where', where(event)]);
  const at = isoTime(d.stoppedAt) ?? (event.time ? formatUtc(event.time) : undefined);
  if (at) fields.push(['Stopped at', at]);
  const lines = containers.slice(0, 10).map((c) => {
    const exit = typeof c.exitCode === 'number' ? `exit ${formatNumber(c.exitCode)}` : 'no exit code';
    return `• ${inlineCode(c.name ?? '?')} ${exit}${c.reason ? ` — ${escapeMrkdwn(c.reason)}` : ''}`;
  });
  if (containers.length > 10) lines.push(`…and ${formatNumber(containers.length - 10)} more containers`);
  const body = [
    d.stoppedReason ? `*Reason*\n${escapeMrkdwn(d.stoppedReason)}` : '',
    lines.length ? `*Containers*\n${lines.join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const url =
    event.region && cluster && task && SAFE.test(cluster) && SAFE.test(task)
      ? `https://${event.region}.console.aws.amazon.com/ecs/v2/clusters/${cluster}/tasks/${task}/configuration?region=${event.region}`
      : undefined;
  return stateMessage(
    `ECS task of ${what} STOPPED${crashed.length ? ` (exit ${crashed.map((c) => formatNumber(c.exitCode!)).join(', ')})` : ''}`,
    style,
    fields,
    url ? link(url, 'Open the task') : 'Amazon ECS',
    body || undefined,
  );
}

const deploymentDetail = z.looseObject({
  eventType: optionalText,
  eventName: z.string(),
  deploymentId: optionalText,
  updatedAt: optionalText,
  reason: optionalText,
});

const DEPLOYMENT_EVENTS: Readonly<Record<string, Style>> = {
  SERVICE_DEPLOYMENT_FAILED: FAILED,
  SERVICE_DEPLOYMENT_COMPLETED: { ...DONE, label: 'COMPLETED' },
  SERVICE_DEPLOYMENT_IN_PROGRESS: MOVING,
};

/** A service deployment's state change: the service, the event in words, AWS's reason, a link to the service. */
export function formatEcsDeployment(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.ecs' || event.detailType !== 'ECS Deployment State Change') return undefined;
  const parsed = deploymentDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const rollingBack = /rolling back/i.test(d.reason ?? '');
  const style: Style = rollingBack
    ? { ...WARNING, label: 'ROLLING BACK' }
    : Object.hasOwn(DEPLOYMENT_EVENTS, d.eventName)
      ? DEPLOYMENT_EVENTS[d.eventName]!
      : { ...(d.eventType === 'ERROR' ? FAILED : MOVING), label: headUnits(d.eventName.toUpperCase(), 60) };
  // `arn:aws:ecs:us-west-2:111122223333:service/default/servicetest` (or, older, `service/servicetest`).
  const arn = event.resources.find((r) => /:service\//.test(r));
  const parts = arn?.split(':service/')[1]?.split('/') ?? [];
  const service = parts.length ? parts[parts.length - 1] : undefined;
  const cluster = parts.length > 1 ? parts[0] : undefined;
  const fields: Array<[string, string]> = [];
  if (service) fields.push(['Service', inlineCode(service)]);
  if (cluster) fields.push(['Cluster', inlineCode(cluster)]);
  fields.push(['Event', inlineCode(d.eventName)]);
  if (d.deploymentId) fields.push(['Deployment', inlineCode(d.deploymentId)]);
  fields.push(['Where', where(event)]);
  const at = isoTime(d.updatedAt) ?? (event.time ? formatUtc(event.time) : undefined);
  if (at) fields.push(['At', at]);
  const url =
    event.region && cluster && service && SAFE.test(cluster) && SAFE.test(service)
      ? `https://${event.region}.console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}?region=${event.region}`
      : undefined;
  return stateMessage(
    `ECS deployment${service ? ` of ${service}` : ''} ${style.label}`,
    style,
    fields,
    url ? link(url, 'Open the service') : 'Amazon ECS',
    d.reason ? `*Reason*\n${escapeMrkdwn(d.reason)}` : undefined,
  );
}
