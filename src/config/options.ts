/**
 * Every environment option Lamplighter reads, with its default and bounds, in one place.
 * `.env.example` documents each one; the loaders (one per function) read them through env.ts.
 */
export const OPTIONS = {
  // Slack
  SLACK_API_URL: { default: 'https://slack.com/api/' },
  SLACK_TIMEOUT_MS: { default: 5000, min: 500, max: 30_000 },
  // The alarm notifier
  GRAPHS_ENABLED: { default: false },
  LOG_LINES: { default: 10, min: 0, max: 50 },
  // "What changed": a new incident's thread lists CloudTrail write calls on its resources in the hour before
  WHAT_CHANGED: { default: true },
  // Read each new incident's alarm tags (ListTagsForResource): `tag` routes, the owner, the runbook
  ALARM_TAGS: { default: true },
  WHAT_CHANGED_TIMEOUT_MS: { default: 3000, min: 500, max: 10_000 },
  FLAP_WINDOW_MINUTES: { default: 30, min: 0, max: 24 * 60 },
  // Storm control: writes per channel a minute (Slack allows about 60 posts), one thread reply
  // per interval, and a storm message when this many alarms open in a channel within the window
  SLACK_POSTS_PER_MINUTE: { default: 30, min: 1, max: 6000 },
  SLACK_UPDATES_PER_MINUTE: { default: 48, min: 1, max: 6000 },
  THREAD_DIGEST_SECONDS: { default: 60, min: 0, max: 3600 },
  // 5: seven alarms at once are a storm with room to spare; two or three in five minutes are not.
  STORM_THRESHOLD: { default: 5, min: 0, max: 1000 },
  // A new alarm waits this long for others, so a storm's summary is posted before its members
  STORM_GATHER_SECONDS: { default: 3, min: 0, max: 30 },
  STORM_WINDOW_MINUTES: { default: 5, min: 1, max: 60 },
  // A storm whose alarms are all out of ALARM is over once none has changed for this long: their
  // own messages come back, current, within a minute of the all-clear.
  STORM_CALM_SECONDS: { default: 60, min: 1, max: 3600 },
  // The cost guard
  COST_WARNING_MONTHLY_USD: { default: 100 },
  COST_CRITICAL_MONTHLY_USD: { default: 1000 },
  COST_FAILED_CALLS: { default: 'note', values: ['note', 'ignore'] },
  SECURITY_WATCH: { default: true },
  COST_GROUP_WINDOW_MINUTES: { default: 15, min: 0, max: 24 * 60 },
  PRICE_LIST_API: { default: true },
  PRICE_LIST_TIMEOUT_MS: { default: 2000, min: 200, max: 10_000 },
  // The Slack app, the worker and the sweeper
  ESCALATE_AFTER_MINUTES: { default: 15, min: 0, max: 24 * 60 },
  AWS_REGION: { default: 'us-east-1' },
  // Accounts by name: LAMPLIGHTER_ACCOUNTS (a JSON map), and AWS Organizations' ListAccounts when true
  ACCOUNT_NAMES_FROM_ORGANIZATIONS: { default: false },
  // Every function: the least severe log line written
  LOG_LEVEL: { default: 'INFO', values: ['INFO', 'WARN', 'ERROR'] },
} as const;

export type IntegerOption = {
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K] extends { min: number } ? K : never;
}[keyof typeof OPTIONS];

export type BooleanOption = {
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K] extends { default: boolean } ? K : never;
}[keyof typeof OPTIONS];

export type DecimalOption = 'COST_WARNING_MONTHLY_USD' | 'COST_CRITICAL_MONTHLY_USD';
