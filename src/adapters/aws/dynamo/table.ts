import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The single table the template creates: `pk`, `sk`, and TTL on `expiresAt` (epoch seconds).
 * Every record kind has one small store in this folder; the keys and lifetimes are named here.
 */
const DAY_S = 86_400;

/** How long each kind of record outlives its reference time (TTL, in seconds). */
export const TTL_S = {
  incident: 90 * DAY_S,
  unacked: 30 * DAY_S,
  delivery: 14 * DAY_S,
  group: 2 * DAY_S,
  spendInfo: 30 * DAY_S,
  claim: 90 * DAY_S,
  /** Past the mute's end: the sweeper must see an expired mute to re-enable its actions. */
  mute: 30 * DAY_S,
  /** Past the reminder's due time. */
  reminder: 7 * DAY_S,
  snapshotJob: 7 * DAY_S,
  audit: 400 * DAY_S,
  /** A looked-up list price: prices change rarely, and a week bounds how stale one can be. */
  price: 7 * DAY_S,
  /** A channel's flow: what is owed to it, and its storm; long past any storm. */
  flow: 7 * DAY_S,
  /** A GuardDuty finding's or Health event's message: its updates come within weeks. */
  eventMessage: 90 * DAY_S,
} as const;

/** The TTL attribute for a record whose lifetime starts at `fromMs`. */
export const expiresAt = (fromMs: number, ttlS: number): number => Math.floor(fromMs / 1000) + ttlS;

const CURRENT = 'CURRENT';

/** Partitions that hold one item per member, listed by a query. */
export const PARTITION = {
  unacked: 'UNACKED',
  mutes: 'MUTES',
  reminders: 'REMINDERS',
  snapshots: 'SNAPSHOTS',
  flows: 'FLOWS',
  /** What changes owe their channels, waiting for whoever draws the channel next. */
  queue: 'QUEUE',
} as const;

export type Key = { pk: string; sk: string };

/** Every key the table holds, built in one place. */
export const keys = {
  incident: (key: string): Key => ({ pk: `INCIDENT#${key}`, sk: CURRENT }),
  unacked: (key: string): Key => ({ pk: PARTITION.unacked, sk: key }),
  delivery: (messageId: string): Key => ({ pk: `DELIVERY#${messageId}`, sk: 'DELIVERY' }),
  group: (key: string): Key => ({ pk: `GROUP#${key}`, sk: CURRENT }),
  spendInfo: (eventId: string): Key => ({ pk: `SPEND#${eventId}`, sk: CURRENT }),
  claim: (key: string): Key => ({ pk: `CLAIM#${key}`, sk: CURRENT }),
  mute: (alarmKey: string): Key => ({ pk: PARTITION.mutes, sk: alarmKey }),
  reminder: (dueAt: Date, eventId: string): Key => ({
    pk: PARTITION.reminders,
    sk: `${dueAt.toISOString()}#${eventId}`,
  }),
  snapshotJob: (id: string): Key => ({ pk: PARTITION.snapshots, sk: id }),
  audit: (at: string, unique: string): Key => ({ pk: `AUDIT#${at.slice(0, 10)}`, sk: `${at}#${unique}` }),
  price: (id: string): Key => ({ pk: `PRICE#${id}`, sk: CURRENT }),
  flow: (channel: string): Key => ({ pk: PARTITION.flows, sk: channel }),
  // Ids come from the event: a long one is hashed (a partition key holds at most 2,048 bytes).
  eventMessage: (key: string): Key => ({
    pk: `EVENTMSG#${key.length > 300 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key}`,
    sk: CURRENT,
  }),
};

/** Conditions written once, named for what they guard. */
export const CONDITION = {
  absent: 'attribute_not_exists(pk)',
  atVersion: '#v = :expected',
} as const;

export function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException;
}

/** A stored ISO date back as a Date. */
export const storedDate = (v: unknown): Date | undefined => (typeof v === 'string' ? new Date(v) : undefined);

export interface Table {
  doc: DynamoDBDocumentClient;
  name: string;
  now: () => number;
}

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createTable(name: string, doc = createDocumentClient(), now: () => number = Date.now): Table {
  return { doc, name, now };
}

/**
 * Every item of one partition (mutes, reminders…), to the last page; `upTo` bounds the sort key,
 * `prefix` keeps sort keys that begin with it; `consistent` reads what was just written.
 */
export async function queryPartition(
  table: Table,
  pk: string,
  upTo?: string,
  opts: { prefix?: string; consistent?: boolean } = {},
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  const range = upTo ? ' AND sk <= :upTo' : opts.prefix ? ' AND begins_with(sk, :prefix)' : '';
  let start: Record<string, unknown> | undefined;
  do {
    const res = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: `pk = :pk${range}`,
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(upTo ? { ':upTo': upTo } : opts.prefix ? { ':prefix': opts.prefix } : {}),
        },
        ...(opts.consistent ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}
