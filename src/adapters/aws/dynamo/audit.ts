import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditStore } from '../../../kernel/access/audit';
import { expiresAt, keys, TTL_S, type Table } from './table';

/** The audit trail: one partition per UTC day (`AUDIT#yyyy-mm-dd`), kept 400 days. */
export function createAuditStore(table: Table): AuditStore {
  return {
    async recordAudit(entry) {
      const at = entry.at.toISOString();
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.audit(at, Math.random().toString(36).slice(2, 10)),
            ...entry,
            at,
            expiresAt: expiresAt(entry.at.getTime(), TTL_S.audit),
          },
        }),
      );
    },
  };
}
