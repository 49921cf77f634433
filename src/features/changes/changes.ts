import type { Logger } from '../../kernel/log';
import { withTimeout } from '../../kernel/timeout';
import type { TrailEvent, TrailPort } from '../trail/port';
import type { ChangeTarget } from './targets';

/** A write call on one of an alarm's resources before it fired. */
export interface Change {
  target: ChangeTarget;
  event: TrailEvent;
}

export interface ChangesFound {
  targets: ChangeTarget[];
  changes: Change[];
  /** Some lookups did not answer in time or failed: the list may be short. */
  partial: boolean;
}

export interface ChangeBounds {
  /** How far back from `before` (default an hour). */
  windowMs?: number;
  /** Stop starting lookups after this (epoch ms). */
  deadline: number;
  /** Events kept per resource. */
  perTarget?: number;
}

const HOUR = 60 * 60_000;

/**
 * What changed just before: CloudTrail's write calls on each resource in the window before
 * `before`, newest first, one lookup after another (LookupEvents allows 2 a second per account
 * and region) and none started past the deadline. Failures are logged and make the answer
 * partial; they never throw, so the caller's alert is never at stake.
 */
export async function whatChanged(
  targets: readonly ChangeTarget[],
  before: Date,
  trail: TrailPort,
  bounds: ChangeBounds,
  log: Logger,
): Promise<ChangesFound> {
  const start = new Date(before.getTime() - (bounds.windowMs ?? HOUR));
  const changes: Change[] = [];
  let partial = false;
  for (const target of targets) {
    const left = bounds.deadline - Date.now();
    if (left <= 0) {
      partial = true;
      break;
    }
    try {
      const events = await withTimeout(
        trail.lookup({
          attribute: 'ResourceName',
          value: target.resourceName,
          start,
          end: before,
          max: bounds.perTarget ?? 20,
        }),
        left,
        'CloudTrail LookupEvents',
      );
      for (const event of events) {
        if (event.readOnly || changes.some((c) => c.event.id === event.id)) continue;
        changes.push({ target, event });
      }
    } catch (err) {
      partial = true;
      log.warn('could not look up recent changes in CloudTrail', { resource: target.resourceName, error: err });
    }
  }
  changes.sort((a, b) => b.event.time.getTime() - a.event.time.getTime());
  return { targets: [...targets], changes, partial };
}
