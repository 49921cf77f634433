import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimStore } from '../../../kernel/claims';
import { CONDITION, expiresAt, isConditionFailure, keys, storedDate, TTL_S, type Table } from './table';

/** Once-only claims: a conditional put; whoever comes second reads who was first. */
export function createClaimStore(table: Table): ClaimStore {
  return {
    async claim(key, user, at) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keys.claim(key),
              by: user,
              at: at.toISOString(),
              expiresAt: expiresAt(at.getTime(), TTL_S.claim),
            },
            ConditionExpression: CONDITION.absent,
          }),
        );
        return { status: 'claimed' };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const res = await table.doc.send(
          new GetCommand({ TableName: table.name, Key: keys.claim(key), ConsistentRead: true }),
        );
        return { status: 'already', by: String(res.Item?.by ?? 'someone'), at: storedDate(res.Item?.at) ?? at };
      }
    },
  };
}
