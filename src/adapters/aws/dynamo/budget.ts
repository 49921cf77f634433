import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Locks, UpdateBudget } from '../../../features/alarms/budget';
import { isConditionFailure, type Table } from './table';

/**
 * The workspace's `chat.update` bucket, one item: tokens left and when it was last refilled.
 * A take reads it and writes it back only over the version it read; a writer that lost the race
 * reads again. A few items a second at most, however many invocations run.
 */
export function createUpdateBudget(table: Table): UpdateBudget {
  const Key = { pk: 'BUDGET', sk: 'chat.update' };
  return {
    async take(now, bucket, reserve = 0) {
      const perMs = bucket.perMinute / 60_000;
      for (let attempt = 0; attempt < 8; attempt++) {
        const res = await table.doc.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true }));
        const version = Number(res.Item?.version ?? 0);
        const at = Number(res.Item?.at ?? now.getTime());
        const stored = res.Item ? Number(res.Item.tokens) : bucket.burst;
        const tokens = Math.min(bucket.burst, stored + Math.max(0, now.getTime() - at) * perMs);
        if (tokens - 1 < reserve) return Math.max(1, Math.ceil((reserve + 1 - tokens) / perMs));
        try {
          await table.doc.send(
            new PutCommand({
              TableName: table.name,
              Item: { ...Key, tokens: tokens - 1, at: Math.max(at, now.getTime()), version: version + 1 },
              ConditionExpression: version ? '#v = :v' : 'attribute_not_exists(pk)',
              ...(version
                ? { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } }
                : {}),
            }),
          );
          return 0;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
      }
      return 250; // busy: try again shortly
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
