import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { turnOffset, type Locks, type UpdateBudget } from '../../../features/alarms/budget';
import { isConditionFailure, type Table } from './table';

/** The budget is spent in slots of a tenth of a minute, each allowing its share of the minute. */
const SLOT_MS = 6000;

/**
 * The workspace's `chat.update` budget as one counter item per 6-second slot: a take is one
 * conditional UpdateItem (`ADD used 1` while under the slot's share), so concurrent invocations
 * never read-modify-write one hot item or retry each other's races; a full slot answers the ms
 * until the caller's turn in the next. A slot's share is the minute's allowance over ten (40 a
 * minute: 4 a slot; 48: 4 or 5); `reserve` leaves that many of a slot to other callers (at least
 * one is always usable). A caller asks from its turn in the slot (`turnOffset`: the message drawn
 * longest ago first).
 */
export function createUpdateBudget(table: Table): UpdateBudget {
  return {
    async take(now, bucket, { reserve = 0, waitedMs } = {}) {
      const t = now.getTime();
      const slot = Math.floor(t / SLOT_MS);
      const turn = slot * SLOT_MS + turnOffset(waitedMs);
      if (t < turn) return turn - t;
      // This caller's turn in the next slot (by then it has waited longer); those that do not say
      // how long they waited are spread a little, so they do not all ask at once.
      const nextTurn = () => {
        const next = (slot + 1) * SLOT_MS;
        if (waitedMs === undefined) return next - t + Math.floor(Math.random() * 200);
        return next + turnOffset(waitedMs + next - t) - t;
      };
      // The minute's allowance over its ten slots, what does not divide carried to the next
      // (48 a minute: 4 or 5 a slot, 48 in every ten).
      const share = Math.floor(((slot + 1) * bucket.perMinute) / 10) - Math.floor((slot * bucket.perMinute) / 10);
      const limit = Math.max(1, share - reserve);
      // Fewer than ten a minute: some slots have none.
      if (share < 1) return nextTurn();
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: 'BUDGET', sk: `chat.update#${slot}` },
            UpdateExpression: 'ADD used :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': limit,
              ':expires': Math.floor(now.getTime() / 1000) + 3600,
            },
          }),
        );
        return 0;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return nextTurn();
      }
    },
  };
}

/** Leases in the state table: an item per lock, taken if absent or past its lease, freed by its owner. */
export function createLocks(table: Table): Locks {
  return {
    async tryAcquire(name, leaseMs) {
      const Key = { pk: `LOCK#${name}`, sk: 'CURRENT' };
      const owner = randomUUID();
      const now = Date.now();
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...Key, owner, until: now + leaseMs, expiresAt: Math.floor((now + leaseMs) / 1000) + 3600 },
            ConditionExpression: 'attribute_not_exists(pk) OR #u < :now',
            ExpressionAttributeNames: { '#u': 'until' },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
      } catch (err) {
        if (isConditionFailure(err)) return undefined;
        throw err;
      }
      return async () => {
        await table.doc
          .send(
            new DeleteCommand({
              TableName: table.name,
              Key,
              ConditionExpression: '#o = :me',
              ExpressionAttributeNames: { '#o': 'owner' },
              ExpressionAttributeValues: { ':me': owner },
            }),
          )
          .catch((err: unknown) => {
            if (!isConditionFailure(err)) throw err;
          });
      };
    },
  };
}
