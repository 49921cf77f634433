import type { GuardDeps } from '../../kernel/access/guard';
import type { ClaimStore } from '../../kernel/claims';
import type { SlackPort } from '../../kernel/slack/port';
import type { Ec2Port, SnapshotJobStore } from './port';

export interface SnapshotDeps extends GuardDeps {
  ec2: Ec2Port;
  snapshots: SnapshotJobStore;
  claims: ClaimStore;
  slack: SlackPort;
  region: string;
  deadline: () => number;
}
