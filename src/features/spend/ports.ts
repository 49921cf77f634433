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

/** What a spend warning was about, kept for its "Remind me in 24h" button. */
export interface SpendInfo {
  eventId: string;
  service: string;
  region?: string;
  /** The account the resource was created in (a member account's, through the organisation's bus). */
  accountId?: string;
  resourceKind: string;
  resourceId?: string;
  hourly?: number;
  createdAt?: string;
}

/**
 * The id of one warning: the account and the CloudTrail event id. Event ids are the sender's to
 * write (PutEvents), and unique only within an account: without the account, another account
 * could reuse an id shown in Slack to silence or take over a warning. A warning of an unknown
 * account keeps the bare id (records and buttons from before the account was added read the same).
 */
export const spendId = (event: { accountId?: string; eventId: string }): string =>
  event.accountId && /^\d{12}$/.test(event.accountId) ? `${event.accountId}:${event.eventId}` : event.eventId;

export interface SpendGroupStore {
  putSpendInfo(info: SpendInfo): Promise<void>;
  /** By `spendId`, as the warning's buttons carry it. */
  getSpendInfo(id: string): Promise<SpendInfo | undefined>;
  getGroup(key: string): Promise<SpendGroup | undefined>;
  /** Writes the group if its stored version is still `group.version - 1`; else IncidentConflictError. */
  putGroup(group: SpendGroup): Promise<void>;
}

/** "Remind me in 24h" on a spend warning: due at a time, in the warning's thread. */
export interface Reminder {
  dueAt: Date;
  channel: string;
  ts: string;
  user: string;
  reminder: SpendInfo;
}

export interface ReminderStore {
  putReminder(reminder: Reminder): Promise<void>;
  dueReminders(now: Date): Promise<Reminder[]>;
  deleteReminder(reminder: Reminder): Promise<void>;
}

/** Whether a created resource still exists: true, false, or undefined when Lamplighter cannot tell. */
export interface ResourceChecker {
  /** Looked for where it was created: `accountId` another account's (its member read role); absent, this one. */
  exists(service: string, region: string, id: string, accountId?: string): Promise<boolean | undefined>;
}

/** How a person judged a cost anomaly, in Cost Explorer's words. */
export type AnomalyFeedback = 'YES' | 'NO' | 'PLANNED_ACTIVITY';

/** Cost Explorer's ProvideAnomalyFeedback; the adapter in src/adapters/aws maps the SDK. */
export interface AnomalyFeedbackPort {
  provide(anomalyId: string, feedback: AnomalyFeedback): Promise<void>;
}
