import { headUnits } from '../../kernel/slack/text';
import type { Logger } from '../../kernel/log';
import { withTimeout } from '../../kernel/timeout';
import type { AlarmNotification } from './alarm';

/** An alarm's tags (CloudWatch ListTagsForResource); the adapter in src/adapters/aws caches them. */
export interface AlarmTagsSource {
  tagsOf(alarmArn: string, region: string): Promise<Record<string, string>>;
}

/** The alert waits this long for its tags at most; past it, it is posted and routed without them. */
const TAGS_MS = 1500;
/** CloudWatch allows 50 tags an alarm; keys 128 and values 256 characters. */
const MAX_TAGS = 50;

/**
 * The alarm with its tags, for routing (`tag` rules) and the message (owner, runbook). Bounded
 * in time; a failure is logged and the alarm goes on untagged: tags never cost the alert.
 */
export async function withTags(
  alarm: AlarmNotification,
  source: AlarmTagsSource | undefined,
  log: Logger,
): Promise<AlarmNotification> {
  if (!source || !alarm.alarmArn || !alarm.region) return alarm;
  try {
    const tags = await withTimeout(source.tagsOf(alarm.alarmArn, alarm.region), TAGS_MS, 'ListTagsForResource');
    const kept = Object.entries(tags)
      .filter(([k, v]) => typeof k === 'string' && typeof v === 'string')
      .slice(0, MAX_TAGS)
      .map(([k, v]) => [headUnits(k, 128), headUnits(v, 256)] as const);
    return kept.length ? { ...alarm, tags: Object.fromEntries(kept) } : alarm;
  } catch (err) {
    log.warn('could not read the alarm’s tags; routing and posting it without them', {
      alarm: alarm.alarmName,
      error: err,
    });
    return alarm;
  }
}

/** A tag by any common spelling of its key: `owner`, `Owner`, `OWNER`. */
export function tagValue(alarm: AlarmNotification, key: string): string | undefined {
  const tags = alarm.tags;
  if (!tags) return undefined;
  const found = Object.keys(tags).find((k) => k.toLowerCase() === key);
  const value = found !== undefined ? tags[found]?.trim() : undefined;
  return value || undefined;
}
