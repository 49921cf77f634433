import type { AlarmNotification, Dimension } from '../alarms/alarm';

/** A resource an alarm watches, as CloudTrail names it (LookupEvents' ResourceName). */
export interface ChangeTarget {
  /** What a person reads: "api-prod", "i-0abc…". */
  label: string;
  /** What CloudTrail's lookup matches. */
  resourceName: string;
}

/** The dimensions that name a resource CloudTrail records write calls on, most telling first. */
const RESOURCE_DIMENSIONS: readonly string[] = [
  'FunctionName',
  'InstanceId',
  'AutoScalingGroupName',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'TableName',
  'ClusterName',
  'ClusterIdentifier',
  'ServiceName',
  'QueueName',
  'ApiName',
  'ApiId',
  'StateMachineArn',
  'CacheClusterId',
  'DomainName',
  'TopicName',
  'BucketName',
  'StreamName',
  'LoadBalancer',
  'TargetGroup',
  'LoadBalancerName',
  'NatGatewayId',
  'VolumeId',
];

/** At most this many resources are looked up per incident: CloudTrail allows 2 lookups a second. */
export const MAX_TARGETS = 3;

/**
 * A load balancer or target group dimension ("app/web/50dc…", "targetgroup/web/6d0e…") is the
 * end of its ARN; CloudTrail names it by the whole ARN.
 */
function elbArn(alarm: AlarmNotification, value: string): string | undefined {
  if (!alarm.region || !/^\d{12}$/.test(alarm.accountId)) return undefined;
  const kind = value.startsWith('targetgroup/') ? value : `loadbalancer/${value}`;
  return `arn:${alarm.partition}:elasticloadbalancing:${alarm.region}:${alarm.accountId}:${kind}`;
}

function targetOf(alarm: AlarmNotification, d: Dimension): ChangeTarget | undefined {
  const value = d.value.trim();
  if (!value || value.length > 1024) return undefined;
  if (d.name === 'LoadBalancer' || d.name === 'TargetGroup') {
    const arn = elbArn(alarm, value);
    return arn ? { label: value.split('/')[1] ?? value, resourceName: arn } : undefined;
  }
  if (d.name === 'StateMachineArn') return { label: value.split(':').pop() ?? value, resourceName: value };
  return { label: value, resourceName: value };
}

/** The resources an alarm's metrics name (its own metric, or a metric-math alarm's metrics), deduplicated. */
export function changeTargets(alarm: AlarmNotification): ChangeTarget[] {
  const condition = alarm.condition;
  const dimensions = [
    ...(condition?.metric?.dimensions ?? []),
    ...(condition?.queries ?? []).flatMap((q) => q.metric?.dimensions ?? []),
  ];
  const rank = (d: Dimension) => RESOURCE_DIMENSIONS.indexOf(d.name);
  const out: ChangeTarget[] = [];
  for (const d of dimensions.filter((x) => rank(x) >= 0).sort((a, b) => rank(a) - rank(b))) {
    const target = targetOf(alarm, d);
    if (target && !out.some((t) => t.resourceName === target.resourceName)) out.push(target);
    if (out.length === MAX_TARGETS) break;
  }
  return out;
}
