import type { SpendPolicy } from '../features/spend/policy';
import { ConfigError } from '../kernel/errors';
import { booleanEnv, decimalEnv, integerEnv, userGroupEnv, type Env } from './env';
import { deliverySettings, type DeliverySettings } from './notifier';
import { OPTIONS } from './options';

export interface CostGuardConfig extends DeliverySettings {
  /** `service:EventName` keys of the calls that get a spend warning. */
  watchlist: ReadonlySet<string>;
  policy: SpendPolicy;
  /** What a watched call that failed (errorCode set, nothing created) gets: a quiet note, or nothing. */
  failedCalls: 'note' | 'ignore';
  securityWatch: boolean;
  groupWindowMs: number;
  /** Ask the AWS Price List API (cached a week), falling back to the bundled snapshot. */
  priceListApi: boolean;
  priceTimeoutMs: number;
}

const WATCH_ENTRY = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** COST_WATCHLIST: a comma-separated or JSON list of `service:EventName`, or empty for the defaults. */
export function parseWatchlist(raw: string | undefined, defaults: readonly string[]): ReadonlySet<string> {
  if (!raw?.trim()) return new Set(defaults);
  let entries: unknown;
  if (raw.trim().startsWith('[')) {
    try {
      entries = JSON.parse(raw);
    } catch (err) {
      throw new ConfigError('COST_WATCHLIST', `is not valid JSON (${(err as Error).message})`);
    }
  } else {
    entries = raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
  }
  if (!Array.isArray(entries)) throw new ConfigError('COST_WATCHLIST', 'must be a list of service:EventName entries');
  entries.forEach((entry, i) => {
    if (typeof entry !== 'string' || !WATCH_ENTRY.test(entry)) {
      throw new ConfigError(
        `COST_WATCHLIST[${i}]`,
        `"${String(entry)}" is not service:EventName (e.g. redshift:CreateCluster)`,
      );
    }
  });
  return new Set(entries as string[]);
}

function failedCalls(env: Env): 'note' | 'ignore' {
  const raw = env.COST_FAILED_CALLS?.trim() || OPTIONS.COST_FAILED_CALLS.default;
  if (raw !== 'note' && raw !== 'ignore')
    throw new ConfigError('COST_FAILED_CALLS', `must be "note" or "ignore", got "${raw}"`);
  return raw;
}

/** Reads and checks the cost guard's configuration once, at cold start. */
export function loadCostGuardConfig(env: Env, defaultWatchlist: readonly string[]): CostGuardConfig {
  const channelVar = env.SLACK_COST_CHANNEL?.trim() ? 'SLACK_COST_CHANNEL' : 'SLACK_DEFAULT_CHANNEL';
  const warning = decimalEnv(env, 'COST_WARNING_MONTHLY_USD');
  const critical = decimalEnv(env, 'COST_CRITICAL_MONTHLY_USD');
  if (critical < warning)
    throw new ConfigError(
      'COST_CRITICAL_MONTHLY_USD',
      `(${critical}) must not be below COST_WARNING_MONTHLY_USD (${warning})`,
    );
  const group = userGroupEnv(env, 'COST_MENTION_GROUP_ID');
  const failed = failedCalls(env);
  return {
    ...deliverySettings(env, channelVar),
    watchlist: parseWatchlist(env.COST_WATCHLIST, defaultWatchlist),
    policy: { warningMonthlyUsd: warning, criticalMonthlyUsd: critical, ...(group ? { mentionGroupId: group } : {}) },
    failedCalls: failed,
    securityWatch: booleanEnv(env, 'SECURITY_WATCH'),
    groupWindowMs: integerEnv(env, 'COST_GROUP_WINDOW_MINUTES') * 60_000,
    priceListApi: booleanEnv(env, 'PRICE_LIST_API'),
    priceTimeoutMs: integerEnv(env, 'PRICE_LIST_TIMEOUT_MS'),
  };
}
