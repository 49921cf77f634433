import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ChannelFlow } from '../../../features/alarms/flow';
import { fitFlow, hasWork } from '../../../features/alarms/flow';

/** Well inside DynamoDB's 400 KB item limit (bytes of its JSON). */
const MAX_JSON = 300_000;
import type { FlowStore } from '../../../features/alarms/incident';
import { IncidentConflictError } from '../../../kernel/errors';
import { isChannelId } from '../../../kernel/slack/channels';
import { isoDate, optionalIsoDate, readStoredJson } from './stored';
import { CONDITION, expiresAt, isConditionFailure, keys, PARTITION, queryPartition, TTL_S, type Table } from './table';
import { versionedPut } from './versioned';

export const state = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
/** A storm member and a thread note as stored (queue.ts reads them too). */
export const storedNote = z.object({
  id: z.string(),
  at: isoDate,
  state,
  head: z.string(),
  body: z.optional(z.string()),
});
export const storedMember = z.object({
  key: z.string(),
  alarmName: z.string(),
  state,
  since: optionalIsoDate,
  openedAt: isoDate,
  ts: z.optional(z.string()),
  link: z.optional(z.string()),
  ackBy: z.optional(z.string()),
  mutedUntil: optionalIsoDate,
  folded: z.optional(z.boolean()),
});
const storedFlow = z.object({
  tokens: z.number(),
  refilledAt: isoDate,
  opens: z.array(storedMember),
  storm: z.optional(
    z.object({
      ts: z.string(),
      since: isoDate,
      region: z.optional(z.string()),
      members: z.array(storedMember),
      stale: z.boolean(),
      drawnAt: optionalIsoDate,
      ended: z.optional(z.boolean()),
      repliedAt: optionalIsoDate,
      replyUnsure: z.optional(z.boolean()),
      replyThrough: z.optional(z.string()),
    }),
  ),
  owed: z.record(
    z.string(),
    z.object({
      post: z.optional(z.boolean()),
      heldUntil: optionalIsoDate,
      unsure: z.optional(z.boolean()),
      alone: z.optional(z.boolean()),
      redraw: z.optional(z.boolean()),
      fold: z.optional(z.boolean()),
      notes: z.array(storedNote),
      dropped: z.optional(z.number()),
      repliedAt: optionalIsoDate,
      replyUnsure: z.optional(z.boolean()),
      replyThrough: z.optional(z.string()),
      broadcast: z.optional(z.boolean()),
    }),
  ),
});

/** One item per channel in the FLOWS partition: the flow as JSON, and whether it is owed anything. */
export function createFlowStore(table: Table): FlowStore {
  return {
    async get(channel) {
      const key = keys.flow(channel);
      const res = await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
      if (!res.Item) return undefined;
      const flow = readStoredJson(storedFlow, res.Item.flow, `${key.pk}/${key.sk}`);
      // Object.create(null): the owed map is keyed by alarm keys, which are untrusted text.
      const owed = Object.assign(Object.create(null) as ChannelFlow['owed'], flow.owed);
      return { ...flow, owed, channel, version: Number(res.Item.version ?? 0) };
    },

    async put(flow) {
      const { channel, version, ...rest } = fitFlow(flow, (f) => Buffer.byteLength(JSON.stringify(f)), MAX_JSON);
      await versionedPut(table, keys.flow(channel), version, {
        flow: JSON.stringify(rest),
        owing: hasWork(flow),
        expiresAt: expiresAt(table.now(), TTL_S.flow),
      });
    },

    async listOwing() {
      return (await queryPartition(table, PARTITION.flows))
        .filter((item) => item.owing === true)
        .map((item) => String(item.sk));
    },

    async listNamed() {
      return (await queryPartition(table, PARTITION.flows))
        .map((item) => String(item.sk))
        .filter((sk) => !isChannelId(sk));
    },

    async remove(channel, version) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: keys.flow(channel),
            ConditionExpression: CONDITION.atVersion,
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':expected': version },
          }),
        );
      } catch (err) {
        if (isConditionFailure(err)) throw new IncidentConflictError(`FLOWS/${channel}`, { cause: err });
        throw err;
      }
    },
  };
}
