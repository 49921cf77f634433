/** What the incident commands need from CloudWatch and CloudTrail; adapters in src/aws map the SDK. */
export interface AlarmInfo {
  arn: string;
  name: string;
  region: string;
  state: string;
  reason: string;
  since?: Date;
  actionsEnabled: boolean;
}

export interface AlarmsPort {
  /** The alarm with exactly this name, or undefined. */
  find(name: string): Promise<AlarmInfo | undefined>;
  /** Alarms now in ALARM (paginated to the end, bounded). */
  firing(): Promise<AlarmInfo[]>;
  disableActions(name: string): Promise<void>;
  enableActions(name: string): Promise<void>;
}

export interface TrailEvent {
  id: string;
  name: string;
  source: string;
  time: Date;
  principal: string;
  sourceIp?: string;
  resources: string[];
  readOnly: boolean;
  errorCode?: string;
}

export interface TrailPort {
  /** Write calls (read-only ones are skipped while paging), newest first, at most `max`. */
  lookup(params: {
    attribute: 'ResourceName' | 'Username';
    value: string;
    start: Date;
    end: Date;
    max: number;
  }): Promise<TrailEvent[]>;
}

/** A failure of one of these calls, worded for the person who asked. */
export class ActionError extends Error {
  constructor(
    readonly code: 'access_denied' | 'not_found' | 'limit' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ActionError';
  }
}

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

export interface Ec2Port {
  /** A volume id, an instance id (its attached volumes), or a Name tag (an instance's, else a volume's). */
  plan(target: string): Promise<SnapshotPlan | undefined>;
  createSnapshots(plan: SnapshotPlan, tags: Record<string, string>): Promise<string[]>;
  snapshotStatus(ids: string[]): Promise<SnapshotStatus[]>;
}

/** Whether a created resource still exists: true, false, or undefined when Lamplighter cannot tell. */
export interface ResourceChecker {
  exists(service: string, region: string, id: string): Promise<boolean | undefined>;
}
