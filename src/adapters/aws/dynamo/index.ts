import { createAuditStore } from './audit';
import { createLocks, createUpdateBudget } from './budget';
import { createClaimStore } from './claims';
import { createDeliveryJournal } from './deliveries';
import { createEventMessageStore } from './event-messages';
import { createFlowStore } from './flows';
import { createIncidentStore } from './incidents';
import { createWorkQueue } from './queue';
import { createMuteStore } from './mutes';
import { createPriceCache } from './prices';
import { createReminderStore, createSpendStore } from './spend';
import { createSnapshotJobStore } from './snapshot-jobs';
import { createTable, type Table } from './table';

export { createDocumentClient, createTable } from './table';

/** Every store over the one table; each function takes the ones it uses. */
export function createStores(table: Table) {
  return {
    incidents: createIncidentStore(table),
    journal: createDeliveryJournal(table),
    flows: createFlowStore(table),
    queue: createWorkQueue(table),
    updateBudget: createUpdateBudget(table),
    locks: createLocks(table),
    eventMessages: createEventMessageStore(table),
    mutes: createMuteStore(table),
    claims: createClaimStore(table),
    audit: createAuditStore(table),
    spend: createSpendStore(table),
    reminders: createReminderStore(table),
    snapshots: createSnapshotJobStore(table),
    prices: createPriceCache(table),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** The stores over the table named `tableName`, with the SDK's default client. */
export const storesFor = (tableName: string): Stores => createStores(createTable(tableName));
