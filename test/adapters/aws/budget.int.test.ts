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

  it("shares one chat.update budget between concurrent takers: never more than a slot's share of the minute", async () => {
    const budget = createUpdateBudget(createTable(TABLE));
    const now = new Date('2026-11-27T10:00:00Z');
    const bucket = { perMinute: 40 };
    // 40 a minute: 4 in each 6-second slot, however many ask at once.
    const answers = await Promise.all(Array.from({ length: 12 }, () => budget.take(now, bucket)));
    expect(answers.filter((a) => a === 0)).toHaveLength(4);
    // The others are told when the next slot starts (a little spread).
    for (const wait of answers.filter((a) => a > 0)) expect(wait).toBeGreaterThanOrEqual(6000);
    // The next slot: a reserve leaves part of it to others (storm messages first).
    const next = new Date(now.getTime() + 6000);
    expect(await budget.take(next, bucket, { reserve: 1 })).toBe(0);
    expect(await budget.take(next, bucket, { reserve: 1 })).toBe(0);
    expect(await budget.take(next, bucket, { reserve: 1 })).toBe(0);
    expect(await budget.take(next, bucket, { reserve: 1 })).toBeGreaterThan(0);
    expect(await budget.take(next, bucket)).toBe(0);
  });

  it('gives exactly the minute’s allowance when it does not divide into slots: 48 a minute is 48 in every ten slots', async () => {
    const budget = createUpdateBudget(createTable(TABLE));
    const start = Date.parse('2026-11-29T10:00:00Z');
    const perSlot: number[] = [];
    for (let slot = 0; slot < 20; slot++) {
      const now = new Date(start + slot * 6000);
      let taken = 0;
      while ((await budget.take(now, { perMinute: 48 })) === 0) taken++;
      perSlot.push(taken);
    }
    expect(perSlot.slice(0, 10).reduce((a, b) => a + b)).toBe(48);
    expect(perSlot.slice(10).reduce((a, b) => a + b)).toBe(48);
    expect(new Set(perSlot)).toEqual(new Set([4, 5]));
    // Fewer than ten a minute: some slots give none.
    let five = 0;
    for (let slot = 20; slot < 30; slot++)
      while ((await budget.take(new Date(start + slot * 6000), { perMinute: 5 })) === 0) five++;
    expect(five).toBe(5);
  });

  it('gives every busy channel its turn: ten always-stale storm messages sharing 40 a minute are each drawn four times a minute, none waiting past its third slot', async () => {
    const budget = createUpdateBudget(createTable(TABLE));
    const bucket = { perMinute: 40 };
    const start = Date.parse('2026-11-28T10:00:00Z');
    // Each channel's message has waited since its last draw, and asks again a second after one
    // (its next change), or when the budget says; in the order of those times, as time passes.
    const channels = Array.from({ length: 10 }, (_, c) => ({
      c,
      waitingSince: start,
      askAt: start,
      drawn: [] as number[],
    }));
    while (true) {
      const next = channels.reduce((a, b) => (b.askAt < a.askAt ? b : a));
      if (next.askAt >= start + 60_000) break;
      const wait = await budget.take(new Date(next.askAt), bucket, { waitedMs: next.askAt - next.waitingSince });
      if (wait === 0) {
        next.drawn.push(next.askAt);
        next.waitingSince = next.askAt;
        next.askAt += 1000;
      } else next.askAt += wait;
    }
    // 40 in the minute, four to each channel, none waiting past its turn in the third slot after.
    expect(channels.map((ch) => ch.drawn.length)).toEqual(Array(10).fill(4));
    for (const ch of channels) {
      const gaps = [ch.drawn[0]! - start, ...ch.drawn.slice(1).map((t, i) => t - ch.drawn[i]!)];
      expect(Math.max(...gaps)).toBeLessThanOrEqual(18_000 + 2_000);
    }
  });
});
