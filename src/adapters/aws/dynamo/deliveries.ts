import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeliveryInProgressError } from '../../../kernel/errors';
import type { Claim, DeliveryJournal } from '../../../kernel/delivery/journal';
import { expiresAt, isConditionFailure, keys, TTL_S, type Table } from './table';

/** Where a delivery's claim stands. */
export const DELIVERY_STATUS = { held: 'HELD', done: 'DONE', released: 'RELEASED' } as const;
type DeliveryStatus = (typeof DELIVERY_STATUS)[keyof typeof DELIVERY_STATUS];

/** A claim may be taken when there is none, or it was released, or its hold ran out, and never once done. */
const CLAIMABLE = 'attribute_not_exists(pk) OR (#status <> :done AND (#status = :released OR holdUntil < :now))';

/** The delivery journal: one item per SNS MessageId, with the Slack steps it has done. */
export function createDeliveryJournal(table: Table): DeliveryJournal {
  const setStatus = (messageId: string, status: DeliveryStatus) =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.delivery(messageId),
        UpdateExpression: 'SET #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      }),
    );

  return {
    async begin(messageId, holdMs): Promise<Claim> {
      const now = table.now();
      try {
        const res = await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keys.delivery(messageId),
            UpdateExpression:
              'SET #status = :held, holdUntil = :until, steps = if_not_exists(steps, :empty), expiresAt = :ttl ADD attempts :one',
            ConditionExpression: CLAIMABLE,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':held': DELIVERY_STATUS.held,
              ':done': DELIVERY_STATUS.done,
              ':released': DELIVERY_STATUS.released,
              ':until': now + holdMs,
              ':now': now,
              ':empty': {},
              ':one': 1,
              ':ttl': expiresAt(now, TTL_S.delivery),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return {
          status: 'claimed',
          steps: (res.Attributes?.steps as Record<string, string> | undefined) ?? {},
          attempt: Number(res.Attributes?.attempts ?? 1),
        };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const current = await table.doc.send(
          new GetCommand({ TableName: table.name, Key: keys.delivery(messageId), ConsistentRead: true }),
        );
        if (current.Item?.status === DELIVERY_STATUS.done) return { status: 'done' };
        throw new DeliveryInProgressError(messageId);
      }
    },

    async recordStep(messageId, step, value) {
      await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.delivery(messageId),
          UpdateExpression: 'SET steps.#step = :value',
          ExpressionAttributeNames: { '#step': step },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    },

    complete: async (messageId) => void (await setStatus(messageId, DELIVERY_STATUS.done)),
    release: async (messageId) => void (await setStatus(messageId, DELIVERY_STATUS.released)),
  };
}
