import { ConfigError } from '../kernel/errors';
import type { ConsoleSignIn } from '../kernel/slack/account-links';
import type { SlackTokenSource } from '../kernel/delivery/slack-provider';
import type { FlowSettings } from '../features/alarms/flow';
import type { RouteRule } from '../kernel/routing';
import { booleanEnv, channelEnv, integerEnv, requiredEnv, urlEnv, type Env } from './env';
import { parseRoutes } from './routes';
import { parseAccountNames, signInOf } from './accounts';
import { slackTokenSource } from './slack';

/** What every notifying function needs: where Slack is, the token, a channel, routes, the table. */
export interface DeliverySettings {
  /** Account names: the configured map, and whether Organizations fills in the rest. */
  accountNames: Map<string, string>;
  accountNamesFromOrganizations: boolean;
  slackApiUrl: string;
  slackToken: SlackTokenSource;
  defaultChannel: string;
  routes: RouteRule[];
  tableName: string;
  slackTimeoutMs: number;
  /** Console links through the access portal, into the message's account (CONSOLE_START_URL). */
  consoleSignIn?: ConsoleSignIn;
}

export function deliverySettings(env: Env, channelVar: string): DeliverySettings {
  const routes = parseRoutes(env.LAMPLIGHTER_ROUTES);
  const fromOrganizations = booleanEnv(env, 'ACCOUNT_NAMES_FROM_ORGANIZATIONS');
  const byUnit = routes.findIndex((r) => r.units);
  if (byUnit >= 0 && !fromOrganizations)
    throw new ConfigError(
      `LAMPLIGHTER_ROUTES[${byUnit}].ou`,
      'needs ACCOUNT_NAMES_FROM_ORGANIZATIONS=true: organisational units are read from AWS Organizations',
    );
  return {
    defaultChannel: channelEnv(env, channelVar),
    accountNames: parseAccountNames(env.LAMPLIGHTER_ACCOUNTS),
    accountNamesFromOrganizations: fromOrganizations,
    slackApiUrl: urlEnv(env, 'SLACK_API_URL'),
    slackToken: slackTokenSource(env),
    routes,
    tableName: requiredEnv(env, 'TABLE_NAME'),
    slackTimeoutMs: integerEnv(env, 'SLACK_TIMEOUT_MS'),
    ...signInOf(env),
  };
}

export interface NotifierConfig extends DeliverySettings {
  graphsEnabled: boolean;
  alarmTags: boolean;
  /** The lookups' budget for "what changed"; undefined when it is off. */
  whatChangedMs: number | undefined;
  logLines: number;
  flapWindowMs: number;
  flow: FlowSettings;
}

/** Reads and checks the alarm notifier's configuration once, at cold start. */
export function loadNotifierConfig(env: Env): NotifierConfig {
  return {
    ...deliverySettings(env, 'SLACK_DEFAULT_CHANNEL'),
    graphsEnabled: booleanEnv(env, 'GRAPHS_ENABLED'),
    alarmTags: booleanEnv(env, 'ALARM_TAGS'),
    whatChangedMs: booleanEnv(env, 'WHAT_CHANGED') ? integerEnv(env, 'WHAT_CHANGED_TIMEOUT_MS') : undefined,
    logLines: integerEnv(env, 'LOG_LINES'),
    flapWindowMs: integerEnv(env, 'FLAP_WINDOW_MINUTES') * 60_000,
    flow: flowSettings(env),
  };
}

function flowSettings(env: Env): FlowSettings {
  const postsPerMinute = integerEnv(env, 'SLACK_POSTS_PER_MINUTE');
  return {
    postsPerMinute,
    // A third of a minute's writes may go at once after a quiet spell, within Slack's own burst
    // per channel (about 3; past it Slack answers 429).
    burst: Math.max(1, Math.min(3, Math.round(postsPerMinute / 3))),
    updatesPerMinute: integerEnv(env, 'SLACK_UPDATES_PER_MINUTE'),
    digestIntervalMs: integerEnv(env, 'THREAD_DIGEST_SECONDS') * 1000,
    stormThreshold: integerEnv(env, 'STORM_THRESHOLD'),
    stormWindowMs: integerEnv(env, 'STORM_WINDOW_MINUTES') * 60_000,
    stormGatherMs: integerEnv(env, 'STORM_GATHER_SECONDS') * 1000,
    stormCalmMs: integerEnv(env, 'STORM_CALM_SECONDS') * 1000,
    stormRedrawMs: 3000,
  };
}
