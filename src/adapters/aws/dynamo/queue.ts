import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { ChannelWork, Queued, WorkQueue } from '../../../features/alarms/queue';
import type { SlackMessage } from '../../../kernel/slack/blocks';
import { state, storedMember, storedNote } from './flows';
import { isoDate, readStoredJson } from './stored';
import { expiresAt, PARTITION, queryPartition, TTL_S, type Table } from './table';

const message = z.custom<SlackMessage>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string',
);
const work = z.union([
  z.object({ kind: z.literal('note'), key: z.string(), note: storedNote }),
  z.object({
    kind: z.literal('change'),
    key: z.string(),
    state,
    since: isoDate,
    note: storedNote,
    broadcast: z.optional(z.boolean()),
  }),
  z.object({
    kind: z.literal('open'),
    key: z.string(),
    member: storedMember,
    region: z.optional(z.string()),
    unsure: z.optional(z.boolean()),
    gatherMs: z.number(),
  }),
  z.object({
    kind: z.literal('close'),
    key: z.string(),
    close: z.object({
      ts: z.string(),
      channel: z.string(),
      message: z.optional(message),
      alarm: z.object({
        alarmName: z.string(),
        partition: z.string(),
        region: z.optional(z.string()),
        accountId: z.string(),
      }),
    }),
  }),
]);
const stored = z.object({ id: z.string(), at: isoDate, work });

/** Ids come from deliveries: a long one is hashed (a sort key holds at most 1,024 bytes). */
const short = (id: string) => (id.length > 200 ? `sha256:${createHash('sha256').update(id).digest('hex')}` : id);

/** The queue's key: one partition, each channel's items together (channel ids have no '#'). */
export const queueKey = (channel: string, id: string) => ({ pk: PARTITION.queue, sk: `${channel}#${short(id)}` });

/** The put of one item, alone or in the transaction of the incident it changes. */
export function queuePut(table: Table, { channel, item }: ChannelWork) {
  return {
    TableName: table.name,
    Item: { ...queueKey(channel, item.id), item: JSON.stringify(item), expiresAt: expiresAt(table.now(), TTL_S.flow) },
  };
}

export function createWorkQueue(table: Table): WorkQueue {
  return {
    async add(channel, item) {
      await table.doc.send(new PutCommand(queuePut(table, { channel, item })));
    },

    async list(channel) {
      const rows = await queryPartition(table, PARTITION.queue, undefined, { prefix: `${channel}#`, consistent: true });
      const items: Queued[] = rows.map((row) =>
        readStoredJson(stored, row.item, `${PARTITION.queue}/${String(row.sk)}`),
      );
      // The order they were queued in; one delivery's items (a close, then its open) by their names.
      return items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
    },

    async remove(channel, ids) {
      // A few at once (DeleteItem: no batch grant needed); one already gone is no matter.
      for (let i = 0; i < ids.length; i += 10)
        await Promise.all(
          ids
            .slice(i, i + 10)
            .map((id) => table.doc.send(new DeleteCommand({ TableName: table.name, Key: queueKey(channel, id) }))),
        );
    },

    async channels() {
      const rows = await queryPartition(table, PARTITION.queue);
      return [...new Set(rows.map((row) => String(row.sk).split('#')[0]!))];
    },
  };
}
