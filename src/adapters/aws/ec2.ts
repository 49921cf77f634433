import {
  CreateSnapshotCommand,
  CreateSnapshotsCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  type Instance,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Place } from '../../kernel/aws/place';
import { ActionError } from '../../kernel/errors';
import type { MemberAccess, MemberRole } from './member-access';
import { clientsByPlace, ownClient } from './per-region';
import { type Ec2Port, type SnapshotPlan, type VolumeInfo } from '../../features/snapshots/port';

const nameOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value;

function wrap(err: unknown, what: string): ActionError {
  // Already plain (a member role that cannot be assumed says which to deploy).
  if (err instanceof ActionError) return err;
  const name = (err as { name?: string; Code?: string }).name ?? '';
  if (/UnauthorizedOperation|AccessDenied/.test(name))
    return new ActionError('access_denied', `Lamplighter's role may not ${what}.`, { cause: err });
  if (/SnapshotLimitExceeded|ResourceLimitExceeded/.test(name))
    return new ActionError(
      'limit',
      `The account's snapshot limit is reached; ${what} failed. Delete old snapshots or ask AWS for a higher limit.`,
      { cause: err },
    );
  if (/NotFound/.test(name)) return new ActionError('not_found', `Not found: ${what}.`, { cause: err });
  return new ActionError('failed', `EC2 failed to ${what}: ${(err as Error).message}`, { cause: err });
}

/** The EC2 client for a place, with the member role a call needs (see per-region.ts). */
export type Ec2Clients = (at: Place, role: MemberRole) => Promise<EC2Client>;

/** EC2 in each account (member roles) and region, made on first use. */
export const ec2Clients = (access: MemberAccess, ownRegion: string): Ec2Clients =>
  clientsByPlace(access, ownRegion, (region, credentials) => new EC2Client({ region, credentials }));

export function createEc2Port(clients: Ec2Clients = ownClient(new EC2Client({}))): Ec2Port {
  async function volumesOf(client: EC2Client, instance: Instance): Promise<VolumeInfo[]> {
    const ids = (instance.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId).filter((v): v is string => Boolean(v));
    if (!ids.length) return [];
    const res = await client.send(new DescribeVolumesCommand({ VolumeIds: ids }));
    const devices = new Map((instance.BlockDeviceMappings ?? []).map((m) => [m.Ebs?.VolumeId, m.DeviceName]));
    return (res.Volumes ?? []).map((v) => ({
      id: v.VolumeId ?? '',
      sizeGb: v.Size ?? 0,
      device: devices.get(v.VolumeId),
      instanceId: instance.InstanceId,
      name: nameOf(v.Tags),
    }));
  }

  return {
    async plan(target, at = {}) {
      try {
        const client = await clients(at, 'read');
        if (/^vol-[0-9a-f]+$/.test(target)) {
          const res = await client.send(new DescribeVolumesCommand({ VolumeIds: [target] }));
          const v = res.Volumes?.[0];
          if (!v?.VolumeId) return undefined;
          const instanceId = v.Attachments?.[0]?.InstanceId;
          return {
            target,
            volumes: [
              {
                id: v.VolumeId,
                sizeGb: v.Size ?? 0,
                device: v.Attachments?.[0]?.Device,
                instanceId,
                name: nameOf(v.Tags),
              },
            ],
            ...(instanceId ? { instanceId } : {}),
          };
        }
        const filter = /^i-[0-9a-f]+$/.test(target)
          ? { InstanceIds: [target] }
          : {
              Filters: [
                { Name: 'tag:Name', Values: [target] },
                { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
              ],
            };
        const res = await client.send(new DescribeInstancesCommand(filter));
        const instances = (res.Reservations ?? []).flatMap((r) => r.Instances ?? []);
        if (instances.length > 1)
          throw new ActionError('failed', `${instances.length} instances are named ${target}; give an instance id.`);
        const instance = instances[0];
        if (instance?.InstanceId) {
          return {
            target,
            instanceId: instance.InstanceId,
            ...(nameOf(instance.Tags) ? { instanceName: nameOf(instance.Tags) } : {}),
            volumes: await volumesOf(client, instance),
          };
        }
        if (/^i-/.test(target)) return undefined;
        const vols = await client.send(
          new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: [target] }] }),
        );
        const volumes = (vols.Volumes ?? []).map((v) => ({
          id: v.VolumeId ?? '',
          sizeGb: v.Size ?? 0,
          device: v.Attachments?.[0]?.Device,
          instanceId: v.Attachments?.[0]?.InstanceId,
          name: nameOf(v.Tags),
        }));
        return volumes.length ? { target, volumes } : undefined;
      } catch (err) {
        if (err instanceof ActionError) throw err;
        if (/NotFound/.test((err as { name?: string }).name ?? '')) return undefined;
        throw wrap(err, `look up ${target}`);
      }
    },
    async createSnapshots(plan: SnapshotPlan, tags, at = {}) {
      const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value.slice(0, 255) }));
      try {
        const client = await clients(at, 'operator');
        if (plan.instanceId && plan.volumes.length > 1) {
          const res = await client.send(
            new CreateSnapshotsCommand({
              InstanceSpecification: { InstanceId: plan.instanceId, ExcludeBootVolume: false },
              Description: `Lamplighter: ${tags.Reason ?? ''}`.slice(0, 255),
              TagSpecifications: [{ ResourceType: 'snapshot', Tags: tagList }],
              CopyTagsFromSource: 'volume',
            }),
          );
          return (res.Snapshots ?? []).map((s) => s.SnapshotId ?? '').filter(Boolean);
        }
        const ids: string[] = [];
        for (const v of plan.volumes) {
          const res = await client.send(
            new CreateSnapshotCommand({
              VolumeId: v.id,
              Description: `Lamplighter: ${tags.Reason ?? ''}`.slice(0, 255),
              TagSpecifications: [{ ResourceType: 'snapshot', Tags: tagList }],
            }),
          );
          if (res.SnapshotId) ids.push(res.SnapshotId);
        }
        return ids;
      } catch (err) {
        throw wrap(err, `snapshot ${plan.target}`);
      }
    },
    async snapshotStatus(ids, at = {}) {
      try {
        const client = await clients(at, 'read');
        const res = await client.send(new DescribeSnapshotsCommand({ SnapshotIds: ids }));
        return (res.Snapshots ?? []).map((s) => ({
          id: s.SnapshotId ?? '',
          volumeId: s.VolumeId ?? '',
          state: s.State ?? 'unknown',
          progress: s.Progress ?? '',
        }));
      } catch (err) {
        throw wrap(err, 'read snapshot progress');
      }
    },
  };
}
