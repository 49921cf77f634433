import { createLocks, createUpdateBudget } from '../../../src/adapters/aws/dynamo/budget';
import { createTable } from '../../../src/adapters/aws/dynamo';
import { createStateTable } from '../../support/aws';

const TABLE = 'lamplighter-budget-test';
beforeAll(() => createStateTable(TABLE));

describe('the state table’s shared budget and locks', () => {
  it('gives a lock to one holder at a time, again once released, and past a crashed holder’s lease', async () => {
    const locks = createLocks(createTable(TABLE));
    const first = await locks.tryAcquire('flow:C1', 30_000);
    expect(first).toBeDefined();
    expect(await locks.tryAcquire('flow:C1', 30_000)).toBeUndefined();
    // Another channel does not wait for this one.
    expect(await locks.tryAcquire('flow:C2', 30_000)).toBeDefined();
    await first!();
    const again = await locks.tryAcquire('flow:C1', 200);
    expect(again).toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    // The holder never released it (it crashed): its lease is over.
    expect(await locks.tryAcquire('flow:C1', 30_000)).toBeDefined();
  });

  it('shares one chat.update bucket between concurrent takers: never more than its burst at once', async () => {
    const budget = createUpdateBudget(createTable(TABLE));
    const now = new Date('2026-11-27T10:00:00Z');
    const bucket = { perMinute: 60, burst: 5 };
    const answers = await Promise.all(Array.from({ length: 12 }, () => budget.take(now, bucket)));
    expect(answers.filter((a) => a === 0).length).toBeLessThanOrEqual(5);
    // A minute's refill later, there is a burst again; a reserve keeps the last ones back.
    const later = new Date(now.getTime() + 60_000);
    expect(await budget.take(later, bucket, 4)).toBe(0);
    expect(await budget.take(later, bucket, 4)).toBeGreaterThan(0);
  });
});
