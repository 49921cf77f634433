import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlarmState } from '../../features/alarms/parse';
import { DeliveryInProgressError, IncidentConflictError } from '../../kernel/errors';
import type { LogExcerpt } from '../../features/alarms/log-excerpt';
import type {
  AckResult,
  AuditEntry,
  AuditStore,
  Claim,
  DeliveryJournal,
  Incident,
  IncidentActions,
  IncidentStore,
  Mute,
  MuteStore,
  Reminder,
  ReminderStore,
  SnapshotJob,
  SnapshotJobStore,
  SpendGroup,
  SpendGroupStore,
} from '../../kernel/state';
import type { AlarmNotification } from '../../features/alarms/parse';

const DAY_S = 86_400;
const INCIDENT_TTL_S = 90 * DAY_S;
const DELIVERY_TTL_S = 14 * DAY_S;
const GROUP_TTL_S = 2 * DAY_S;
const AUDIT_TTL_S = 400 * DAY_S;

/** Dates inside a stored alarm come back as Dates. */
function reviveAlarm(json: unknown): AlarmNotification | undefined {
  if (typeof json !== 'string') return undefined;
  return JSON.parse(json, (key, value: unknown) =>
    (key === 'stateChangeTime' || key === 'timestamp') && typeof value === 'string' ? new Date(value) : value,
  ) as AlarmNotification;
}

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

interface StoredLogs {
  logGroup: string;
  filterPattern: string;
  start: string;
  end: string;
  complete?: boolean;
  lines: Array<{ t: string; g: string; s: string; m: string }>;
}

function storeLogs(logs: LogExcerpt | undefined): StoredLogs | undefined {
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

function loadLogs(stored: StoredLogs | undefined): LogExcerpt | undefined {
  if (!stored) return undefined;
  return {
    logGroup: stored.logGroup,
    filterPattern: stored.filterPattern,
    window: { start: new Date(stored.start), end: new Date(stored.end) },
    complete: stored.complete !== false,
    lines: stored.lines.map((l) => ({ timestamp: new Date(l.t), logGroup: l.g, stream: l.s, message: l.m })),
  };
}

const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);

function toMute(item: Record<string, unknown>): Mute {
  return {
    alarmKey: String(item.sk),
    alarmName: String(item.alarmName ?? item.sk),
    region: item.region as string | undefined,
    until: date(item.until) ?? new Date(0),
    by: String(item.by ?? ''),
    actionsDisabled: Boolean(item.actionsDisabled),
  };
}

/** Incidents and the delivery journal, in the single table the template creates (pk, sk, TTL on expiresAt). */
export class DynamoState
  implements
    IncidentStore,
    IncidentActions,
    DeliveryJournal,
    SpendGroupStore,
    MuteStore,
    AuditStore,
    SnapshotJobStore,
    ReminderStore
{
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<Incident | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `INCIDENT#${key}`, sk: 'CURRENT' },
        ConsistentRead: true,
      }),
    );
    const item = res.Item;
    if (!item) return undefined;
    return {
      key,
      accountId: String(item.accountId),
      region: item.region as string | undefined,
      alarmName: String(item.alarmName),
      channel: String(item.channel),
      ts: String(item.ts),
      state: item.state as AlarmState,
      stateChangedAt: date(item.stateChangedAt),
      openedAt: date(item.openedAt) ?? new Date(0),
      resolvedAt: date(item.resolvedAt),
      transitions: Number(item.transitions ?? 1),
      flaps: Number(item.flaps ?? 0),
      wasAlarming: Boolean(item.wasAlarming),
      logs: loadLogs(item.logs as StoredLogs | undefined),
      lastMessageId: item.lastMessageId as string | undefined,
      lastPlan: item.lastPlan as Incident['lastPlan'],
      ackBy: item.ackBy as string | undefined,
      ackAt: date(item.ackAt),
      escalatedAt: date(item.escalatedAt),
      alarm: reviveAlarm(item.alarm),
      version: Number(item.version ?? 0),
    };
  }

  async put(incident: Incident): Promise<void> {
    // The incident and its UNACKED index entry change together, or not at all.
    const waiting = incident.state === 'ALARM' && !incident.ackBy && !incident.escalatedAt;
    const index = waiting
      ? {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: 'UNACKED',
              sk: incident.key,
              since: (incident.stateChangedAt ?? incident.openedAt).toISOString(),
              expiresAt: Math.floor(this.now() / 1000) + 30 * DAY_S,
            },
          },
        }
      : { Delete: { TableName: this.tableName, Key: { pk: 'UNACKED', sk: incident.key } } };
    await this.versionedPut(
      `INCIDENT#${incident.key}`,
      incident.version,
      {
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
        alarm: incident.alarm ? JSON.stringify(incident.alarm) : undefined,
        expiresAt: Math.floor(this.now() / 1000) + INCIDENT_TTL_S,
      },
      index,
    );
  }

  async listUnacknowledged(): Promise<Array<{ key: string; since: Date }>> {
    return (await this.queryPartition('UNACKED')).map((item) => ({
      key: String(item.sk),
      since: date(item.since) ?? new Date(0),
    }));
  }

  async markEscalated(key: string, at: Date): Promise<Incident | undefined> {
    let escalated = true;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `INCIDENT#${key}`, sk: 'CURRENT' },
          UpdateExpression: 'SET escalatedAt = :at, #v = #v + :one',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(ackBy) AND attribute_not_exists(escalatedAt) AND #state = :alarm',
          ExpressionAttributeNames: { '#v': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':at': at.toISOString(), ':one': 1, ':alarm': 'ALARM' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      escalated = false;
    }
    // Escalated now, or no longer waiting (acknowledged, resolved, escalated before): off the index.
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: 'UNACKED', sk: key } }));
    return escalated ? this.get(key) : undefined;
  }

  async acknowledge(key: string, user: string, at: Date): Promise<AckResult> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `INCIDENT#${key}`, sk: 'CURRENT' },
          // Bumping the version makes a notifier write that read the incident before this fail
          // and retry, instead of writing the acknowledgement away.
          UpdateExpression: 'SET ackBy = :user, ackAt = :at, #v = #v + :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ackBy) AND #state <> :ok',
          ExpressionAttributeNames: { '#v': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':user': user, ':at': at.toISOString(), ':one': 1, ':ok': 'OK' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const current = await this.get(key);
      if (!current) return { status: 'unknown' };
      if (current.ackBy) return { status: 'already', by: current.ackBy, at: current.ackAt ?? at };
      return { status: 'resolved' };
    }
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: 'UNACKED', sk: key } }));
    const incident = await this.get(key);
    if (!incident) return { status: 'unknown' };
    return { status: 'acknowledged', incident };
  }

  async claim(
    key: string,
    user: string,
    at: Date,
  ): Promise<{ status: 'claimed' } | { status: 'already'; by: string; at: Date }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `CLAIM#${key}`,
            sk: 'CURRENT',
            by: user,
            at: at.toISOString(),
            expiresAt: Math.floor(at.getTime() / 1000) + 90 * DAY_S,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { status: 'claimed' };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const res = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { pk: `CLAIM#${key}`, sk: 'CURRENT' }, ConsistentRead: true }),
      );
      return { status: 'already', by: String(res.Item?.by ?? 'someone'), at: date(res.Item?.at) ?? at };
    }
  }

  async getMute(alarmKey: string): Promise<Mute | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'MUTES', sk: alarmKey }, ConsistentRead: true }),
    );
    return res.Item ? toMute(res.Item) : undefined;
  }

  async putMute(mute: Mute): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: 'MUTES',
          sk: mute.alarmKey,
          alarmName: mute.alarmName,
          region: mute.region,
          until: mute.until.toISOString(),
          by: mute.by,
          actionsDisabled: mute.actionsDisabled,
          // Kept well past the end: the sweeper must see an expired mute to re-enable its actions.
          expiresAt: Math.floor(mute.until.getTime() / 1000) + 30 * DAY_S,
        },
      }),
    );
  }

  async deleteMute(alarmKey: string, until?: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: 'MUTES', sk: alarmKey },
          ...(until
            ? {
                ConditionExpression: '#until = :until',
                ExpressionAttributeNames: { '#until': 'until' },
                ExpressionAttributeValues: { ':until': until.toISOString() },
              }
            : {}),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async listMutes(): Promise<Mute[]> {
    return (await this.queryPartition('MUTES')).map(toMute);
  }

  async putReminder(r: Reminder): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: 'REMINDERS',
          sk: `${r.dueAt.toISOString()}#${r.reminder.eventId}`,
          data: JSON.stringify({ ...r, dueAt: r.dueAt.toISOString() }),
          expiresAt: Math.floor(r.dueAt.getTime() / 1000) + 7 * DAY_S,
        },
      }),
    );
  }

  async dueReminders(now: Date): Promise<Reminder[]> {
    return (await this.queryPartition('REMINDERS', `${now.toISOString()}#~`)).map((i) => {
      const r = JSON.parse(String(i.data)) as Reminder & { dueAt: string };
      return { ...r, dueAt: new Date(r.dueAt) };
    });
  }

  async deleteReminder(r: Reminder): Promise<void> {
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: 'REMINDERS', sk: `${r.dueAt.toISOString()}#${r.reminder.eventId}` },
      }),
    );
  }

  async putSnapshotJob(job: SnapshotJob): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: 'SNAPSHOTS',
          sk: job.id,
          job: JSON.stringify(job),
          expiresAt: Math.floor(this.now() / 1000) + 7 * DAY_S,
        },
      }),
    );
  }

  async listSnapshotJobs(): Promise<SnapshotJob[]> {
    return (await this.queryPartition('SNAPSHOTS')).map((i) => JSON.parse(String(i.job)) as SnapshotJob);
  }

  async deleteSnapshotJob(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: 'SNAPSHOTS', sk: id } }));
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    const at = entry.at.toISOString();
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `AUDIT#${at.slice(0, 10)}`,
          sk: `${at}#${Math.random().toString(36).slice(2, 10)}`,
          ...entry,
          at,
          expiresAt: Math.floor(entry.at.getTime() / 1000) + AUDIT_TTL_S,
        },
      }),
    );
  }

  async putSpendInfo(info: Reminder['reminder']): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `SPEND#${info.eventId}`,
          sk: 'CURRENT',
          info: JSON.stringify(info),
          expiresAt: Math.floor(this.now() / 1000) + 30 * DAY_S,
        },
      }),
    );
  }

  async getSpendInfo(eventId: string): Promise<Reminder['reminder'] | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `SPEND#${eventId}`, sk: 'CURRENT' } }),
    );
    return res.Item ? (JSON.parse(String(res.Item.info)) as Reminder['reminder']) : undefined;
  }

  async getGroup(key: string): Promise<SpendGroup | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `GROUP#${key}`, sk: 'CURRENT' }, ConsistentRead: true }),
    );
    const item = res.Item;
    if (!item) return undefined;
    return {
      key,
      channel: String(item.channel),
      ts: String(item.ts),
      count: Number(item.count ?? 1),
      firstAt: date(item.firstAt) ?? new Date(0),
      lastAt: date(item.lastAt) ?? new Date(0),
      lastEventId: item.lastEventId as string | undefined,
      version: Number(item.version ?? 0),
    };
  }

  async putGroup(group: SpendGroup): Promise<void> {
    await this.versionedPut(`GROUP#${group.key}`, group.version, {
      channel: group.channel,
      ts: group.ts,
      count: group.count,
      firstAt: group.firstAt.toISOString(),
      lastAt: group.lastAt.toISOString(),
      lastEventId: group.lastEventId,
      expiresAt: Math.floor(this.now() / 1000) + GROUP_TTL_S,
    });
  }

  /** A put that succeeds only over the version it expects (`version - 1`, or nothing for 1). */
  /** Every item of one partition (mutes, reminders…), to the last page; `upTo` bounds the sort key. */
  private async queryPartition(pk: string, upTo?: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: upTo ? 'pk = :pk AND sk <= :upTo' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(upTo ? { ':upTo': upTo } : {}) },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** A put over the version it expects; with `also`, one more write in the same transaction. */
  private async versionedPut(
    pk: string,
    version: number,
    attributes: Record<string, unknown>,
    also?: Record<string, unknown>,
  ): Promise<void> {
    const expected = version - 1;
    const put = {
      TableName: this.tableName,
      Item: { pk, sk: 'CURRENT', ...attributes, version },
      ConditionExpression: expected <= 0 ? 'attribute_not_exists(pk)' : '#v = :expected',
      ...(expected <= 0
        ? {}
        : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':expected': expected } }),
    };
    try {
      if (also) await this.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, also] as never }));
      else await this.doc.send(new PutCommand(put));
    } catch (err) {
      const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if (err instanceof ConditionalCheckFailedException || reasons?.[0]?.Code === 'ConditionalCheckFailed')
        throw new IncidentConflictError(pk, { cause: err });
      throw err;
    }
  }

  async begin(messageId: string, holdMs: number): Promise<Claim> {
    const now = this.now();
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `DELIVERY#${messageId}`, sk: 'DELIVERY' },
          UpdateExpression:
            'SET #status = :held, holdUntil = :until, steps = if_not_exists(steps, :empty), expiresAt = :ttl ADD attempts :one',
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status <> :done AND (#status = :released OR holdUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':held': 'HELD',
            ':done': 'DONE',
            ':released': 'RELEASED',
            ':until': now + holdMs,
            ':now': now,
            ':empty': {},
            ':one': 1,
            ':ttl': Math.floor(now / 1000) + DELIVERY_TTL_S,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { status: 'claimed', steps: (res.Attributes?.steps as Record<string, string> | undefined) ?? {} };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const current = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `DELIVERY#${messageId}`, sk: 'DELIVERY' },
          ConsistentRead: true,
        }),
      );
      if (current.Item?.status === 'DONE') return { status: 'done' };
      throw new DeliveryInProgressError(messageId);
    }
  }

  async recordStep(messageId: string, step: string, value: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `DELIVERY#${messageId}`, sk: 'DELIVERY' },
        UpdateExpression: 'SET steps.#step = :value',
        ExpressionAttributeNames: { '#step': step },
        ExpressionAttributeValues: { ':value': value },
      }),
    );
  }

  async complete(messageId: string): Promise<void> {
    await this.setStatus(messageId, 'DONE');
  }

  async release(messageId: string): Promise<void> {
    await this.setStatus(messageId, 'RELEASED');
  }

  private async setStatus(messageId: string, status: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `DELIVERY#${messageId}`, sk: 'DELIVERY' },
        UpdateExpression: 'SET #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  }
}
