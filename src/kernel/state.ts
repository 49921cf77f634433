import type { AlarmNotification, AlarmState } from '../features/alarms/parse';
import type { LogExcerpt } from '../features/alarms/log-excerpt';

/** One live Slack message per alarm incident, and what it has been through. */
export interface Incident {
  key: string;
  accountId: string;
  region?: string;
  alarmName: string;
  channel: string;
  ts: string;
  state: AlarmState;
  stateChangedAt?: Date;
  openedAt: Date;
  resolvedAt?: Date;
  transitions: number;
  flaps: number;
  wasAlarming: boolean;
  logs?: LogExcerpt;
  /** Who acknowledged the open incident, and when; cleared when it resolves. */
  ackBy?: string;
  ackAt?: Date;
  /** When the sweeper escalated this unacknowledged incident to the on-call group. */
  escalatedAt?: Date;
  /** The latest notification, so an acknowledgement or mute can redraw the message. */
  alarm?: AlarmNotification;
  /** The delivery that wrote this version, so a retry of it does not apply its change twice. */
  lastMessageId?: string;
  lastPlan?: 'open' | 'update' | 'reopen' | 'late';
  /** Optimistic-lock counter: every write expects the version it read. */
  version: number;
}

export interface IncidentStore {
  get(key: string): Promise<Incident | undefined>;
  /** Writes the incident if its stored version is still `incident.version - 1`; else IncidentConflictError. */
  put(incident: Incident): Promise<void>;
}

export type Claim = { status: 'claimed'; steps: Readonly<Record<string, string>> } | { status: 'done' };

/**
 * At-least-once delivery made shown-once: a delivery (SNS MessageId) is claimed before any
 * Slack call, each side effect is journaled as a step, and a redelivery skips what was done.
 */
export interface DeliveryJournal {
  /** Claims the delivery for `holdMs`; 'done' if it was completed before. Throws DeliveryInProgressError if held. */
  begin(messageId: string, holdMs: number): Promise<Claim>;
  recordStep(messageId: string, step: string, value: string): Promise<void>;
  complete(messageId: string): Promise<void>;
  /** Releases the claim, keeping the steps, so the retry resumes where this attempt stopped. */
  release(messageId: string): Promise<void>;
}

/** Repeated identical creations by one principal, grouped into one message and its thread. */
export interface SpendGroup {
  key: string;
  channel: string;
  ts: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** The CloudTrail event last counted, so a retry of it is not counted again. */
  lastEventId?: string;
  version: number;
}

export interface SpendGroupStore {
  /** What a spend warning was about, kept for its "Remind me in 24h" button. */
  putSpendInfo(info: Reminder['reminder']): Promise<void>;
  getSpendInfo(eventId: string): Promise<Reminder['reminder'] | undefined>;
  getGroup(key: string): Promise<SpendGroup | undefined>;
  /** Writes the group if its stored version is still `group.version - 1`; else IncidentConflictError. */
  putGroup(group: SpendGroup): Promise<void>;
}

export type AckResult =
  | { status: 'acknowledged'; incident: Incident }
  | { status: 'already'; by: string; at: Date }
  | { status: 'resolved' }
  | { status: 'unknown' };

export interface IncidentActions {
  /** One wins: a conditional write on an open, unacknowledged incident. */
  acknowledge(key: string, user: string, at: Date): Promise<AckResult>;
  /** Incidents in ALARM that nobody has acknowledged or escalated yet, with when they started. */
  listUnacknowledged(): Promise<Array<{ key: string; since: Date }>>;
  /** Marks an incident escalated, if it is still in ALARM, unacknowledged and not escalated: one pass wins. */
  markEscalated(key: string, at: Date): Promise<Incident | undefined>;
  /** Something done once only ("Expected" on a warning, a snapshot confirmation): one wins, the rest are told who. */
  claim(
    key: string,
    user: string,
    at: Date,
  ): Promise<{ status: 'claimed' } | { status: 'already'; by: string; at: Date }>;
}

/** An alarm muted in Slack (and maybe in CloudWatch) until a time. */
export interface Mute {
  alarmKey: string;
  alarmName: string;
  region?: string;
  until: Date;
  by: string;
  /** The alarm's CloudWatch actions were disabled too; the sweeper re-enables them. */
  actionsDisabled: boolean;
}

export interface MuteStore {
  getMute(alarmKey: string): Promise<Mute | undefined>;
  putMute(mute: Mute): Promise<void>;
  /** Deletes the mute only if it still ends at `until` (a newer mute is left alone); false if it changed. */
  deleteMute(alarmKey: string, until?: Date): Promise<boolean>;
  listMutes(): Promise<Mute[]>;
}

export interface AuditEntry {
  at: Date;
  user: string;
  channel: string;
  action: string;
  target: string;
  outcome: string;
  detail?: string;
}

export interface AuditStore {
  recordAudit(entry: AuditEntry): Promise<void>;
}

/** Snapshots in progress, whose channel message the sweeper keeps up to date. */
export interface SnapshotJob {
  id: string;
  channel: string;
  ts: string;
  user: string;
  snapshotIds: string[];
  request: { target: string; instanceId?: string; volumes: string[]; reason: string };
}

export interface SnapshotJobStore {
  putSnapshotJob(job: SnapshotJob): Promise<void>;
  listSnapshotJobs(): Promise<SnapshotJob[]>;
  deleteSnapshotJob(id: string): Promise<void>;
}

/** "Remind me in 24h" on a spend warning: due at a time, in the warning's thread. */
export interface Reminder {
  dueAt: Date;
  channel: string;
  ts: string;
  user: string;
  reminder: {
    eventId: string;
    service: string;
    region?: string;
    resourceKind: string;
    resourceId?: string;
    hourly?: number;
    createdAt?: string;
  };
}

export interface ReminderStore {
  putReminder(reminder: Reminder): Promise<void>;
  dueReminders(now: Date): Promise<Reminder[]>;
  deleteReminder(reminder: Reminder): Promise<void>;
}
