import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Mute, MuteStore } from '../../../features/alarms/incident';
import { isoDate, readStored } from './stored';
import { expiresAt, isConditionFailure, keys, PARTITION, queryPartition, TTL_S, type Table } from './table';

const storedMute = z.object({
  sk: z.string(),
  alarmName: z.optional(z.string()),
  region: z.optional(z.string()),
  until: isoDate,
  by: z.optional(z.string()),
  actionsDisabled: z.optional(z.boolean()),
});

function toMute(item: Record<string, unknown>): Mute {
  const m = readStored(storedMute, item, `${PARTITION.mutes}/${String(item.sk)}`);
  return {
    alarmKey: m.sk,
    alarmName: m.alarmName ?? m.sk,
    region: m.region,
    until: m.until,
    by: m.by ?? '',
    actionsDisabled: m.actionsDisabled ?? false,
  };
}

/** Mutes, one item each in the MUTES partition, keyed by alarm. */
export function createMuteStore(table: Table): MuteStore {
  return {
    async getMute(alarmKey) {
      const res = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: keys.mute(alarmKey), ConsistentRead: true }),
      );
      return res.Item ? toMute(res.Item) : undefined;
    },

    async putMute(mute) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.mute(mute.alarmKey),
            alarmName: mute.alarmName,
            region: mute.region,
            until: mute.until.toISOString(),
            by: mute.by,
            actionsDisabled: mute.actionsDisabled,
            expiresAt: expiresAt(mute.until.getTime(), TTL_S.mute),
          },
        }),
      );
    },

    async deleteMute(alarmKey, until) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: keys.mute(alarmKey),
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
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async listMutes() {
      return (await queryPartition(table, PARTITION.mutes)).map(toMute);
    },
  };
}
