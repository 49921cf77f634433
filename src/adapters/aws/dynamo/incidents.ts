import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Incident, IncidentStore } from '../../../features/alarms/incident';
import type { LogExcerpt } from '../../../features/alarms/log-excerpt';
import type { AlarmNotification } from '../../../features/alarms/alarm';
import type { AckResult, IncidentActions } from '../../../features/incidents/ports';
import { optionalIsoDate, readStored } from './stored';
import { expiresAt, isConditionFailure, keys, PARTITION, queryPartition, storedDate, TTL_S, type Table } from './table';
import { versionedPut } from './versioned';
import { queuePut } from './queue';

const storedLogs = z.object({
  logGroup: z.string(),
  filterPattern: z.string(),
  start: z.string(),
  end: z.string(),
  complete: z.optional(z.boolean()),
  lines: z.array(z.object({ t: z.string(), g: z.string(), s: z.string(), m: z.string() })),
});

const storedIncident = z.object({
  accountId: z.string(),
  region: z.optional(z.string()),
  alarmName: z.string(),
  channel: z.string(),
  ts: z.string(),
  state: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  stateChangedAt: optionalIsoDate,
  openedAt: optionalIsoDate,
  resolvedAt: optionalIsoDate,
  transitions: z.optional(z.number()),
  flaps: z.optional(z.number()),
  wasAlarming: z.optional(z.boolean()),
  logs: z.optional(storedLogs),
  lastMessageId: z.optional(z.string()),
  lastPlan: z.optional(z.enum(['open', 'update', 'reopen', 'late'])),
  ackBy: z.optional(z.string()),
  ackAt: optionalIsoDate,
  escalatedAt: optionalIsoDate,
  refireShownAt: optionalIsoDate,
  alarm: z.optional(z.string()),
  version: z.optional(z.number()),
});

/** Dates inside a stored alarm come back as Dates. */
function reviveAlarm(json: string | undefined): AlarmNotification | undefined {
  if (json === undefined) return undefined;
  return JSON.parse(json, (key, value: unknown) =>
    (key === 'stateChangeTime' || key === 'timestamp') && typeof value === 'string' ? new Date(value) : value,
  ) as AlarmNotification;
}

function storeLogs(logs: LogExcerpt | undefined): z.infer<typeof storedLogs> | undefined {
  if (!logs) return undefined;
  return {
    logGroup: logs.logGroup,
    filterPattern: logs.filterPattern,
    start: logs.window.start.toISOString(),
    end: logs.window.end.toISOString(),
    complete: logs.complete,
    lines: logs.lines.map((l) => ({
      t: l.timestamp.toISOString(),
      g: l.logGroup,
      s: l.stream,
      m: l.message.slice(0, 2000),
    })),
  };
}

function loadLogs(stored: z.infer<typeof storedLogs> | undefined): LogExcerpt | undefined {
  if (!stored) return undefined;
  return {
    logGroup: stored.logGroup,
    filterPattern: stored.filterPattern,
    window: { start: new Date(stored.start), end: new Date(stored.end) },
    complete: stored.complete !== false,
    lines: stored.lines.map((l) => ({ timestamp: new Date(l.t), logGroup: l.g, stream: l.s, message: l.m })),
  };
}

/** Is this incident waiting for someone (posted, in ALARM, nobody acknowledged, not escalated)? */
const waiting = (i: Incident) => i.ts !== '' && i.state === 'ALARM' && !i.ackBy && !i.escalatedAt;

/** Incidents, and the UNACKED index the sweeper's escalation reads instead of a scan. */
export function createIncidentStore(table: Table): IncidentStore & IncidentActions {
  const get = async (key: string): Promise<Incident | undefined> => {
    const res = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: keys.incident(key), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const item = readStored(storedIncident, res.Item, keys.incident(key).pk);
    return {
      key,
      accountId: item.accountId,
      region: item.region,
      alarmName: item.alarmName,
      channel: item.channel,
      ts: item.ts,
      state: item.state,
      stateChangedAt: item.stateChangedAt,
      openedAt: item.openedAt ?? new Date(0),
      resolvedAt: item.resolvedAt,
      transitions: item.transitions ?? 1,
      flaps: item.flaps ?? 0,
      wasAlarming: item.wasAlarming ?? false,
      logs: loadLogs(item.logs),
      lastMessageId: item.lastMessageId,
      lastPlan: item.lastPlan,
      ackBy: item.ackBy,
      ackAt: item.ackAt,
      escalatedAt: item.escalatedAt,
      refireShownAt: item.refireShownAt,
      alarm: reviveAlarm(item.alarm),
      version: item.version ?? 0,
    };
  };
  const unindex = (key: string) => table.doc.send(new DeleteCommand({ TableName: table.name, Key: keys.unacked(key) }));

  return {
    get,

    async put(incident, work = []) {
      // The incident and its UNACKED index entry change together, or not at all.
      const index = waiting(incident)
        ? {
            Put: {
              TableName: table.name,
              Item: {
                ...keys.unacked(incident.key),
                since: (incident.stateChangedAt ?? incident.openedAt).toISOString(),
                expiresAt: expiresAt(table.now(), TTL_S.unacked),
              },
            },
          }
        : { Delete: { TableName: table.name, Key: keys.unacked(incident.key) } };
      const stored: Omit<z.input<typeof storedIncident>, 'version'> & { expiresAt: number } = {
        accountId: incident.accountId,
        region: incident.region,
        alarmName: incident.alarmName,
        channel: incident.channel,
        ts: incident.ts,
        state: incident.state,
        stateChangedAt: incident.stateChangedAt?.toISOString(),
        openedAt: incident.openedAt.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString(),
        transitions: incident.transitions,
        flaps: incident.flaps,
        wasAlarming: incident.wasAlarming,
        logs: storeLogs(incident.logs),
        lastMessageId: incident.lastMessageId,
        lastPlan: incident.lastPlan,
        ackBy: incident.ackBy,
        ackAt: incident.ackAt?.toISOString(),
        escalatedAt: incident.escalatedAt?.toISOString(),
        refireShownAt: incident.refireShownAt?.toISOString(),
        alarm: incident.alarm ? JSON.stringify(incident.alarm) : undefined,
        expiresAt: expiresAt(table.now(), TTL_S.incident),
      };
      // What the change owes its channels is queued with it, or neither is written.
      const queued = work.map((w) => ({ Put: queuePut(table, w) }));
      await versionedPut(table, keys.incident(incident.key), incident.version, stored, [index, ...queued]);
    },

    async listUnacknowledged() {
      return (await queryPartition(table, PARTITION.unacked)).map((item) => ({
        key: String(item.sk),
        since: storedDate(item.since) ?? new Date(0),
      }));
    },

    async markEscalated(key, at) {
      let escalated = true;
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.incident(key),
            UpdateExpression: 'SET escalatedAt = :at, #v = #v + :one',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(ackBy) AND attribute_not_exists(escalatedAt) AND #state = :alarm',
            ExpressionAttributeNames: { '#v': 'version', '#state': 'state' },
            ExpressionAttributeValues: { ':at': at.toISOString(), ':one': 1, ':alarm': 'ALARM' },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        escalated = false;
      }
      // Escalated now, or no longer waiting (acknowledged, resolved, escalated before): off the index.
      await unindex(key);
      return escalated ? get(key) : undefined;
    },

    async acknowledge(key, user, at): Promise<AckResult> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.incident(key),
            // Bumping the version makes a notifier write that read the incident before this fail
            // and retry, instead of writing the acknowledgement away.
            UpdateExpression: 'SET ackBy = :user, ackAt = :at, #v = #v + :one',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ackBy) AND #state <> :ok',
            ExpressionAttributeNames: { '#v': 'version', '#state': 'state' },
            ExpressionAttributeValues: { ':user': user, ':at': at.toISOString(), ':one': 1, ':ok': 'OK' },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const current = await get(key);
        if (!current) return { status: 'unknown' };
        // A resolved incident keeps who acknowledged it, for its message: it is resolved, all the same.
        if (current.state === 'OK') return { status: 'resolved' };
        if (current.ackBy) return { status: 'already', by: current.ackBy, at: current.ackAt ?? at };
        return { status: 'resolved' };
      }
      await unindex(key);
      const incident = await get(key);
      if (!incident) return { status: 'unknown' };
      return { status: 'acknowledged', incident };
    },
  };
}
