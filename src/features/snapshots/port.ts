import type { Place } from '../../kernel/aws/place';
/** What `/snapshot` needs from EC2; the adapter in src/adapters/aws maps the SDK. */
export interface VolumeInfo {
  id: string;
  sizeGb: number;
  device?: string;
  instanceId?: string;
  name?: string;
}

/** What `/snapshot TARGET` resolved to: the volumes it will snapshot, and from where. */
export interface SnapshotPlan {
  target: string;
  instanceId?: string;
  instanceName?: string;
  volumes: VolumeInfo[];
}

export interface SnapshotStatus {
  id: string;
  volumeId: string;
  state: string;
  progress: string;
}

/**
 * EC2 where the volumes are: `at` names another account of the organisation or region (absent:
 * the function's own). Looking goes through the member read role, creating through the operator role.
 */
export interface Ec2Port {
  /** A volume id, an instance id (its attached volumes), or a Name tag (an instance's, else a volume's). */
  plan(target: string, at?: Place): Promise<SnapshotPlan | undefined>;
  createSnapshots(plan: SnapshotPlan, tags: Record<string, string>, at?: Place): Promise<string[]>;
  snapshotStatus(ids: string[], at?: Place): Promise<SnapshotStatus[]>;
}

/** Snapshots in progress, whose channel message the sweeper keeps up to date. */
export interface SnapshotJob {
  id: string;
  channel: string;
  ts: string;
  user: string;
  snapshotIds: string[];
  request: {
    target: string;
    instanceId?: string;
    volumes: string[];
    reason: string;
    accountId?: string;
    region?: string;
  };
}

export interface SnapshotJobStore {
  putSnapshotJob(job: SnapshotJob): Promise<void>;
  listSnapshotJobs(): Promise<SnapshotJob[]>;
  deleteSnapshotJob(id: string): Promise<void>;
}
