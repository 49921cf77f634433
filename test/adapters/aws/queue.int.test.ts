import { createTable } from '../../../src/adapters/aws/dynamo';
import { createIncidentStore } from '../../../src/adapters/aws/dynamo/incidents';
import { createWorkQueue } from '../../../src/adapters/aws/dynamo/queue';
import type { Incident } from '../../../src/features/alarms/incident';
import type { Queued } from '../../../src/features/alarms/queue';
import { IncidentConflictError } from '../../../src/kernel/errors';
import { createStateTable } from '../../support/aws';

const TABLE = 'lamplighter-queue-test';
beforeAll(() => createStateTable(TABLE));

const t0 = new Date('2026-12-07T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const KEY = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-5xx';
const noteItem = (id: string, s: number): Queued => ({
  id,
  at: at(s),
  work: { kind: 'note', key: KEY, note: { id, at: at(s), state: 'OK', head: `OK at ${s}` } },
});
const incident = (version: number): Incident => ({
  key: KEY,
  accountId: '111122223333',
  region: 'us-east-1',
  alarmName: 'orders-5xx',
  channel: 'C0Q1',
  ts: '1.1',
  state: 'OK',
  stateChangedAt: at(version),
  openedAt: t0,
  transitions: version,
  flaps: 0,
  wasAlarming: true,
  version,
});

describe("a channel's queue in the state table", () => {
  it('lists what waits for one channel in the order it was queued; the same id again replaces it', async () => {
    const queue = createWorkQueue(createTable(TABLE));
    await queue.add('C0Q1', noteItem('late', 5));
    await queue.add('C0Q1', noteItem('early', 1));
    await queue.add('C0Q2', noteItem('other', 2));
    await queue.add('C0Q1', noteItem('early', 1));
    expect((await queue.list('C0Q1')).map((q) => q.id)).toEqual(['early', 'late']);
    expect((await queue.list('C0Q1'))[0]!.work).toEqual(noteItem('early', 1).work);
    expect((await queue.channels()).sort()).toEqual(['C0Q1', 'C0Q2']);
    await queue.remove('C0Q1', ['early', 'late']);
    expect(await queue.list('C0Q1')).toEqual([]);
    expect(await queue.channels()).toEqual(['C0Q2']);
    await queue.remove('C0Q2', ['other']);
  });

  it("queues a change's work with the incident's write, or neither: a stale write queues nothing", async () => {
    const table = createTable(TABLE);
    const incidents = createIncidentStore(table);
    const queue = createWorkQueue(table);
    await incidents.put(incident(1), [{ channel: 'C0Q3', item: noteItem('first', 1) }]);
    expect((await queue.list('C0Q3')).map((q) => q.id)).toEqual(['first']);
    // Another writer got there first (version 2 expects 1 stored; 1 is stored, so a second 2 conflicts).
    await incidents.put(incident(2), [{ channel: 'C0Q3', item: noteItem('second', 2) }]);
    await expect(incidents.put(incident(2), [{ channel: 'C0Q3', item: noteItem('lost', 3) }])).rejects.toBeInstanceOf(
      IncidentConflictError,
    );
    expect((await queue.list('C0Q3')).map((q) => q.id)).toEqual(['first', 'second']);
  });
});
