import type { Place } from '../../kernel/aws/place';
import type { Incident } from '../alarms/incident';

export type AckResult =
  | { status: 'acknowledged'; incident: Incident }
  | { status: 'already'; by: string; at: Date }
  | { status: 'resolved' }
  | { status: 'unknown' };

/** What acting on an incident needs from its store, beyond reading and writing it. */
export interface IncidentActions {
  /** One wins: a conditional write on an open, unacknowledged incident. */
  acknowledge(key: string, user: string, at: Date): Promise<AckResult>;
  /** Incidents in ALARM that nobody has acknowledged or escalated yet, with when they started. */
  listUnacknowledged(): Promise<Array<{ key: string; since: Date }>>;
  /** Marks an incident escalated, if it is still in ALARM, unacknowledged and not escalated: one pass wins. */
  markEscalated(key: string, at: Date): Promise<Incident | undefined>;
}

/** What the incident commands need from CloudWatch; the adapter in src/adapters/aws maps the SDK. */
export interface AlarmInfo {
  arn: string;
  name: string;
  region: string;
  state: string;
  reason: string;
  since?: Date;
  actionsEnabled: boolean;
}

/**
 * CloudWatch alarms where they live: `at` names another account of the organisation or another
 * region (absent: the function's own). Reads go through the member read role there, changes
 * through the operator role.
 */
export interface AlarmsPort {
  /** The alarm with exactly this name, or undefined. */
  find(name: string, at?: Place): Promise<AlarmInfo | undefined>;
  /** Alarms now in ALARM (paginated to the end, bounded). */
  firing(at?: Place): Promise<AlarmInfo[]>;
  disableActions(name: string, at?: Place): Promise<void>;
  enableActions(name: string, at?: Place): Promise<void>;
}
