import type { FlowSettings } from '../../src/features/alarms/flow';

/** Storm control's settings for the pure tests: a storm at three opens, no gather. */
export const FLOW_SETTINGS: FlowSettings = {
  postsPerMinute: 30,
  burst: 10,
  updatesPerMinute: 40,
  digestIntervalMs: 60_000,
  stormThreshold: 3,
  stormWindowMs: 5 * 60_000,
  stormGatherMs: 0,
  stormCalmMs: 60_000,
  stormRedrawMs: 2000,
};

/** The pure tests' clock: t0, and `at(s)` seconds after it. */
export const t0 = new Date('2026-12-01T21:40:00Z');
export const at = (s: number) => new Date(t0.getTime() + s * 1000);
