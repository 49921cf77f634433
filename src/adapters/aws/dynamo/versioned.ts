import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentConflictError } from '../../../kernel/errors';
import { CONDITION, isConditionFailure, type Key, type Table } from './table';

/**
 * A put that succeeds only over the version it expects (`version - 1`, or nothing for 1): the
 * optimistic lock of incidents and spend groups. With `also`, more writes in the same transaction.
 */
export async function versionedPut(
  table: Table,
  key: Key,
  version: number,
  attributes: Record<string, unknown>,
  also: ReadonlyArray<Record<string, unknown>> = [],
): Promise<void> {
  const expected = version - 1;
  const put = {
    TableName: table.name,
    Item: { ...key, ...attributes, version },
    ConditionExpression: expected <= 0 ? CONDITION.absent : CONDITION.atVersion,
    ...(expected <= 0
      ? {}
      : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':expected': expected } }),
  };
  try {
    if (also.length)
      await table.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...also] as never }));
    else await table.doc.send(new PutCommand(put));
  } catch (err) {
    const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (isConditionFailure(err) || reasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new IncidentConflictError(key.pk, { cause: err });
    }
    throw err;
  }
}
