import type { ChannelWork } from './queue';
import type { AlarmNotification, AlarmState } from './alarm';
import type { ChannelFlow } from './flow';
import type { LogExcerpt } from './log-excerpt';

/** What the last write to an incident did to its message (see rules.ts). */
export type IncidentPlan = 'open' | 'update' | 'reopen' | 'late';

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
  /** When a re-fire of it was last shown at the bottom of the channel (a broadcast thread reply). */
  refireShownAt?: Date;
  /** The latest notification, so an acknowledgement or mute can redraw the message. */
  alarm?: AlarmNotification;
  /** The delivery that wrote this version, so a retry of it does not apply its change twice. */
  lastMessageId?: string;
  lastPlan?: IncidentPlan;
  /** Optimistic-lock counter: every write expects the version it read. */
  version: number;
}

export interface IncidentStore {
  get(key: string): Promise<Incident | undefined>;
  /**
   * Writes the incident if its stored version is still `incident.version - 1`; else
   * IncidentConflictError. `work`: what the change owes its channels, queued in the same write.
   */
  put(incident: Incident, work?: readonly ChannelWork[]): Promise<void>;
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

/** What the notifier owes each channel (see flow.ts). */
export interface FlowStore {
  get(channel: string): Promise<ChannelFlow | undefined>;
  /** Writes the flow if its stored version is still `flow.version - 1`; else IncidentConflictError. */
  put(flow: ChannelFlow): Promise<void>;
  /** The channels that are owed something. */
  listOwing(): Promise<string[]>;
  /** Flows filed under a channel's name, as releases before ids were kept everywhere did (see adopt-named.ts). */
  listNamed(): Promise<string[]>;
  /** Deletes the flow if its stored version is still `version`; else IncidentConflictError. */
  remove(channel: string, version: number): Promise<void>;
}
