/** Estimators for compute and network: EC2 instances, NAT gateways, EBS volumes, EKS. */
import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import { at, fmt, list, num, plural, str, type Builder, type CostEstimate } from './builder';

export function ec2Instances(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const launched = list(e.responseElements, 'instancesSet.items');
  // From a launch template, the type may be in neither the request nor (for a failed call) the response.
  const type = str(p, 'instanceType') ?? str(launched[0], 'instanceType') ?? b.facts.launchTemplateType;
  const requested = list(p, 'instancesSet.items')[0];
  const count = launched.length || num(requested, 'minCount', 'maxCount') || 1;
  b.perHour('ec2', type, count, `${count} × ${type ?? 'unknown'}`);
  if (str(p, 'instanceMarketOptions.marketType') === 'spot')
    b.notes.push('Spot instances: the on-demand price shown is the ceiling; Spot is billed below it');
  if (!launched.length) b.notes.push('count taken from the request');
  const ids = launched.map((i) => str(i, 'instanceId')).filter((x): x is string => Boolean(x));
  return b.done(
    count === 1 ? 'EC2 instance' : 'EC2 instances',
    ids.join(', ') || undefined,
    `${plural(count, 'instance')} of ${type ?? 'unknown type'}`,
  );
}

export function natGateway(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('natGateway', 'gateway', 1, 'NAT gateway');
  b.usagePriced = true;
  b.notes.push('plus a charge per GB of data processed');
  const id = str(e.responseElements, 'CreateNatGatewayResponse.natGateway.natGatewayId', 'natGateway.natGatewayId');
  return b.done(
    'NAT gateway',
    id ?? str(e.requestParameters, 'CreateNatGatewayRequest.SubnetId', 'subnetId'),
    'NAT gateway',
  );
}

export function ebsVolume(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const type = str(p, 'volumeType') ?? 'gp2';
  const size = num(p, 'size') ?? num(e.responseElements, 'size') ?? 0;
  b.perMonth('ebs', type, size, `${fmt(size)} GB ${type}`);
  const iops = num(p, 'iops') ?? 0;
  if (type === 'io1') b.perMonth('ebs', 'io1-iops', iops, `${fmt(iops)} provisioned IOPS`);
  if (type === 'io2') {
    // io2 IOPS are tiered: up to 32,000, 32,001–64,000, and above.
    b.perMonth('ebs', 'io2-iops', Math.min(iops, 32_000), `${fmt(Math.min(iops, 32_000))} provisioned IOPS`);
    b.perMonth(
      'ebs',
      'io2-iops-tier2',
      Math.min(Math.max(iops - 32_000, 0), 32_000),
      `${fmt(Math.min(Math.max(iops - 32_000, 0), 32_000))} IOPS over 32,000`,
    );
    b.perMonth(
      'ebs',
      'io2-iops-tier3',
      Math.max(iops - 64_000, 0),
      `${fmt(Math.max(iops - 64_000, 0))} IOPS over 64,000`,
    );
  }
  if (type === 'gp3') {
    b.perMonth(
      'ebs',
      'gp3-iops',
      Math.max(0, iops - 3000),
      `${fmt(Math.max(0, iops - 3000))} IOPS above the free 3,000`,
    );
    const throughput = num(p, 'throughput') ?? 125;
    b.perMonth(
      'ebs',
      'gp3-throughput',
      Math.max(0, throughput - 125),
      `${fmt(Math.max(0, throughput - 125))} MB/s above the free 125`,
    );
  }
  return b.done(
    'EBS volume',
    str(e.responseElements, 'volumeId'),
    `${fmt(size)} GB ${type}${iops ? `, ${fmt(iops)} IOPS` : ''}`,
  );
}

export function eksCluster(e: CloudTrailEvent, b: Builder): CostEstimate {
  b.perHour('eks', 'cluster', 1, 'EKS control plane');
  b.notes.push('worker nodes are billed as EC2 instances');
  return b.done('EKS cluster', str(e.requestParameters, 'name', 'clusterName'), 'control plane');
}

export function eksNodegroup(e: CloudTrailEvent, b: Builder): CostEstimate {
  const p = e.requestParameters;
  const listed = list(p, 'instanceTypes')[0];
  // EKS's own default is t3.medium, but only when no launch template names the type.
  const type = typeof listed === 'string' ? listed : at(p, 'launchTemplate') ? b.facts.launchTemplateType : 't3.medium';
  const size = num(p, 'scalingConfig.desiredSize', 'scalingConfig.minSize') ?? 2;
  b.perHour('ec2', type, size, `${size} × ${type ?? "the launch template's type"}`);
  if (!type) b.notes.push('the instance type is set in the launch template, not in this event');
  if (str(p, 'capacityType') === 'SPOT')
    b.notes.push('Spot capacity: the on-demand price shown is the ceiling; Spot is billed below it');
  return b.done(
    'EKS node group',
    str(p, 'nodegroupName'),
    `${plural(size, 'node')} of ${type ?? 'a launch-template type'}`,
  );
}
