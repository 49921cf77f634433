import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventMessageStore } from '../../../features/aws-events/ports';
import { expiresAt, keys, TTL_S, type Table } from './table';

/** One item per GuardDuty finding or Health event that has a message: its channel and ts. */
export function createEventMessageStore(table: Table): EventMessageStore {
  return {
    async get(key) {
      const res = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: keys.eventMessage(key), ConsistentRead: true }),
      );
      const item = res.Item;
      return typeof item?.channel === 'string' && typeof item.ts === 'string'
        ? { channel: item.channel, ts: item.ts }
        : undefined;
    },
    async put(key, message) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...keys.eventMessage(key), ...message, expiresAt: expiresAt(table.now(), TTL_S.eventMessage) },
        }),
      );
    },
  };
}
