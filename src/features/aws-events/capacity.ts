import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { FAILED, WARNING, nullish, stateMessage, where } from './states';

const UNSUCCESSFUL = {
  'EC2 Instance Launch Unsuccessful': 'launch',
  'EC2 Instance Terminate Unsuccessful': 'terminate',
} as const;

const scalingDetail = z.looseObject({
  AutoScalingGroupName: z.string(),
  StatusCode: optionalText,
  StatusMessage: optionalText,
  Cause: optionalText,
  EC2InstanceId: optionalText,
  ActivityId: optionalText,
  Details: nullish(z.looseObject({ 'Availability Zone': optionalText, 'Subnet ID': optionalText })),
});

const INSTANCE = /^i-[0-9a-f]{8,17}$/;

const instanceUrl = (region: string, id: string) =>
  `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#InstanceDetails:instanceId=${id}`;

/** An Auto Scaling group that could not launch or terminate an instance: the group, AWS's message and cause. */
export function formatScalingFailure(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.autoscaling' || !Object.hasOwn(UNSUCCESSFUL, event.detailType)) return undefined;
  const action = UNSUCCESSFUL[event.detailType as keyof typeof UNSUCCESSFUL];
  const parsed = scalingDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const group = d.AutoScalingGroupName;
  const fields: Array<[string, string]> = [['Group', inlineCode(group)]];
  if (d.EC2InstanceId) fields.push(['Instance', inlineCode(d.EC2InstanceId)]);
  if (d.StatusCode) fields.push(['Status', escapeMrkdwn(d.StatusCode)]);
  const zone = d.Details?.['Availability Zone'];
  const subnet = d.Details?.['Subnet ID'];
  if (zone || subnet)
    fields.push([
      'Placement',
      [zone ? inlineCode(zone) : '', subnet ? inlineCode(subnet) : ''].filter(Boolean).join(' · '),
    ]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const body = [
    d.StatusMessage ? `*Status message*\n${escapeMrkdwn(d.StatusMessage)}` : '',
    d.Cause ? `*Cause*\n${escapeMrkdwn(d.Cause)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const url = event.region
    ? `https://${event.region}.console.aws.amazon.com/ec2/home?region=${event.region}#AutoScalingGroupDetails:id=${encodeURIComponent(group)};view=activity`
    : undefined;
  return stateMessage(
    `Auto Scaling group ${group} could not ${action} an instance`,
    { ...FAILED, label: `${action.toUpperCase()} FAILED` },
    fields,
    url ? link(url, 'Open the group’s activity') : 'EC2 Auto Scaling',
    body || undefined,
  );
}

const spotDetail = z.looseObject({ 'instance-id': z.string(), 'instance-action': optionalText });

const ACTIONS: Readonly<Record<string, string>> = { terminate: 'terminated', stop: 'stopped', hibernate: 'hibernated' };

/** A Spot interruption warning: which instance, what will happen to it, and when (two minutes after the warning). */
export function formatSpotInterruption(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.ec2' || event.detailType !== 'EC2 Spot Instance Interruption Warning') return undefined;
  const parsed = spotDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const id = parsed.data['instance-id'];
  const action = parsed.data['instance-action'];
  const done = action && Object.hasOwn(ACTIONS, action) ? ACTIONS[action]! : 'interrupted';
  const fields: Array<[string, string]> = [['Instance', inlineCode(id)]];
  if (action) fields.push(['Action', inlineCode(action)]);
  fields.push(['Where', where(event)]);
  if (event.time) {
    fields.push(['Warned at', formatUtc(event.time)]);
    fields.push(['Interrupted at', `${formatUtc(new Date(event.time.getTime() + 120_000))} (2 minutes later)`]);
  }
  const url = event.region && INSTANCE.test(id) ? instanceUrl(event.region, id) : undefined;
  return stateMessage(
    `Spot instance ${id} will be ${done} in 2 minutes`,
    { ...WARNING, label: 'INTERRUPTION WARNING' },
    fields,
    url ? link(url, 'Open the instance') : 'EC2 Spot',
  );
}
