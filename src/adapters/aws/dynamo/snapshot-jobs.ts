import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { SnapshotJobStore } from '../../../features/snapshots/port';
import { readStoredJson } from './stored';
import { expiresAt, keys, PARTITION, queryPartition, TTL_S, type Table } from './table';

const storedJob = z.object({
  id: z.string(),
  channel: z.string(),
  ts: z.string(),
  user: z.string(),
  snapshotIds: z.array(z.string()),
  request: z.object({
    target: z.string(),
    instanceId: z.optional(z.string()),
    volumes: z.array(z.string()),
    reason: z.string(),
    accountId: z.optional(z.string()),
    region: z.optional(z.string()),
  }),
});

/** Snapshots in progress, followed by the sweeper until they complete. */
export function createSnapshotJobStore(table: Table): SnapshotJobStore {
  return {
    async putSnapshotJob(job) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.snapshotJob(job.id),
            job: JSON.stringify(job),
            expiresAt: expiresAt(table.now(), TTL_S.snapshotJob),
          },
        }),
      );
    },

    async listSnapshotJobs() {
      const items = await queryPartition(table, PARTITION.snapshots);
      return items.map((i) => readStoredJson(storedJob, i.job, `${PARTITION.snapshots}/${String(i.sk)}`));
    },

    async deleteSnapshotJob(id) {
      await table.doc.send(new DeleteCommand({ TableName: table.name, Key: keys.snapshotJob(id) }));
    },
  };
}
