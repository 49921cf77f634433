import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  spendId,
  type Reminder,
  type ReminderStore,
  type SpendGroupStore,
  type SpendInfo,
} from '../../../features/spend/ports';
import { isoDate, readStored, readStoredJson } from './stored';
import { expiresAt, keys, PARTITION, queryPartition, TTL_S, type Table } from './table';
import { versionedPut } from './versioned';

const spendInfoSchema = z.object({
  eventId: z.string(),
  service: z.string(),
  region: z.optional(z.string()),
  accountId: z.optional(z.string()),
  resourceKind: z.string(),
  resourceId: z.optional(z.string()),
  hourly: z.optional(z.number()),
  createdAt: z.optional(z.string()),
});

const storedGroup = z.object({
  channel: z.string(),
  ts: z.string(),
  count: z.optional(z.number()),
  firstAt: isoDate,
  lastAt: isoDate,
  lastEventId: z.optional(z.string()),
  version: z.optional(z.number()),
});

const storedReminder = z.object({
  dueAt: isoDate,
  channel: z.string(),
  ts: z.string(),
  user: z.string(),
  reminder: spendInfoSchema,
});

/** Spend groups (repeated creations in one thread) and what each warning was about. */
export function createSpendStore(table: Table): SpendGroupStore {
  return {
    async putSpendInfo(info) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.spendInfo(spendId(info)),
            info: JSON.stringify(info),
            expiresAt: expiresAt(table.now(), TTL_S.spendInfo),
          },
        }),
      );
    },

    async getSpendInfo(id): Promise<SpendInfo | undefined> {
      const key = keys.spendInfo(id);
      const res = await table.doc.send(new GetCommand({ TableName: table.name, Key: key }));
      return res.Item ? readStoredJson(spendInfoSchema, res.Item.info, key.pk) : undefined;
    },

    async getGroup(key) {
      const res = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: keys.group(key), ConsistentRead: true }),
      );
      if (!res.Item) return undefined;
      const g = readStored(storedGroup, res.Item, keys.group(key).pk);
      return {
        key,
        channel: g.channel,
        ts: g.ts,
        count: g.count ?? 1,
        firstAt: g.firstAt,
        lastAt: g.lastAt,
        lastEventId: g.lastEventId,
        version: g.version ?? 0,
      };
    },

    async putGroup(group) {
      await versionedPut(table, keys.group(group.key), group.version, {
        channel: group.channel,
        ts: group.ts,
        count: group.count,
        firstAt: group.firstAt.toISOString(),
        lastAt: group.lastAt.toISOString(),
        lastEventId: group.lastEventId,
        expiresAt: expiresAt(table.now(), TTL_S.group),
      });
    },
  };
}

/** "Remind me in 24h": sorted by due time in the REMINDERS partition, so due ones are one query. */
export function createReminderStore(table: Table): ReminderStore {
  return {
    async putReminder(r: Reminder) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.reminder(r.dueAt, r.reminder.eventId),
            data: JSON.stringify({ ...r, dueAt: r.dueAt.toISOString() }),
            expiresAt: expiresAt(r.dueAt.getTime(), TTL_S.reminder),
          },
        }),
      );
    },

    async dueReminders(now) {
      const items = await queryPartition(table, PARTITION.reminders, `${now.toISOString()}#~`);
      return items.map((i) => readStoredJson(storedReminder, i.data, `${PARTITION.reminders}/${String(i.sk)}`));
    },

    async deleteReminder(r) {
      await table.doc.send(
        new DeleteCommand({ TableName: table.name, Key: keys.reminder(r.dueAt, r.reminder.eventId) }),
      );
    },
  };
}
