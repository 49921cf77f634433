import type { GuardDeps } from '../../kernel/access/guard';
import type { SlackPort } from '../../kernel/slack/port';
import type { IncidentStore, MuteStore } from '../alarms/incident';
import type { AlarmsPort, IncidentActions } from './ports';

/** What acting on an incident needs: its stores, CloudWatch, Slack, and who may do what. */
export interface IncidentDeps extends GuardDeps {
  incidents: IncidentStore & IncidentActions;
  mutes: MuteStore;
  alarms: AlarmsPort;
  slack: SlackPort;
  partition: string;
  region: string;
  deadline: () => number;
}
