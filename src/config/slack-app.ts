import type { ConsoleSignIn } from '../kernel/slack/account-links';
import { parseAccountNames, signInOf } from './accounts';
import { accessRuleSchema, type LogsAccess } from '../features/logs/access';
import { roleRuleSchema, type RoleRule } from '../kernel/access/roles';
import type { SlackTokenSource } from '../kernel/delivery/slack-provider';
import { ConfigError } from '../kernel/errors';
import {
  booleanEnv,
  describeIssue,
  integerEnv,
  parseJsonEntry,
  parseRuleList,
  urlEnv,
  userGroupEnv,
  type Env,
} from './env';
import { OPTIONS } from './options';
import { signingSecretSource, slackTokenSource, type SigningSecretSource } from './slack';

export interface SlackAppConfig {
  /** Account names (LAMPLIGHTER_ACCOUNTS), for `--account NAME`. */
  accountNames: Map<string, string>;
  /** Also name accounts from AWS Organizations (ACCOUNT_NAMES_FROM_ORGANIZATIONS), for `--account NAME`. */
  accountNamesFromOrganizations: boolean;
  /** Console links through the access portal, into the message's account (CONSOLE_START_URL). */
  consoleSignIn?: ConsoleSignIn;
  /** The sweeper escalates an unacknowledged ALARM after this long (0: never). */
  escalateAfterMs: number;
  oncallGroupId?: string;
  /** Where the sweeper posts an alarm that fired unseen during a mute (optional). */
  defaultChannel?: string;
  /** Who may do what (LAMPLIGHTER_ROLES); absent: everyone is a responder. */
  roles?: RoleRule[];
  slackApiUrl: string;
  slackToken: SlackTokenSource;
  signingSecret: SigningSecretSource;
  access: LogsAccess;
  aliases: Record<string, string>;
  /** Where `/logs` answers link to, and which region it reads. */
  region: string;
  tableName?: string;
  slackTimeoutMs: number;
}

/** LAMPLIGHTER_ROLES: a JSON array of {role, users?, userGroups?, channels?}. */
export function parseRoles(raw: string | undefined): RoleRule[] | undefined {
  if (!raw?.trim()) return undefined;
  const words = (issue: Parameters<typeof describeIssue>[0]) =>
    issue.code === 'invalid_value' ? 'must be viewer, responder or operator' : describeIssue(issue);
  return parseRuleList('LAMPLIGHTER_ROLES', raw, roleRuleSchema, words).map((r, i) => {
    if (!r.users?.length && !r.userGroups?.length && !r.channels?.length)
      throw new ConfigError(`LAMPLIGHTER_ROLES[${i}]`, 'names nobody: give users, userGroups or channels');
    return r;
  });
}

/** LOGS_ALLOWED_PREFIXES (the deploy-time bound) and LOGS_ACCESS_POLICY (who, within it). */
function logsAccess(env: Env): LogsAccess {
  const allowedPrefixes = (env.LOGS_ALLOWED_PREFIXES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const raw = env.LOGS_ACCESS_POLICY;
  const policy = raw?.trim() ? parseRuleList('LOGS_ACCESS_POLICY', raw, accessRuleSchema) : undefined;
  return { allowedPrefixes, ...(policy ? { policy } : {}) };
}

/** LOGS_ALIASES: a JSON object of alias → log group. */
function logsAliases(env: Env): Record<string, string> {
  if (!env.LOGS_ALIASES?.trim()) return {};
  const json = parseJsonEntry('LOGS_ALIASES', env.LOGS_ALIASES);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError('LOGS_ALIASES', 'must be a JSON object of alias → log group');
  for (const [alias, group] of Object.entries(json)) {
    if (typeof group !== 'string' || !group) throw new ConfigError(`LOGS_ALIASES.${alias}`, 'must name a log group');
  }
  return json as Record<string, string>;
}

/** Reads and checks the Slack gateway's, worker's and sweeper's configuration once, at cold start. */
export function loadSlackAppConfig(env: Env): SlackAppConfig {
  const signingSecret = signingSecretSource(env);
  const access = logsAccess(env);
  const aliases = logsAliases(env);
  const tableName = env.TABLE_NAME?.trim();
  const roles = parseRoles(env.LAMPLIGHTER_ROLES);
  const oncall = userGroupEnv(env, 'ONCALL_GROUP_ID');
  return {
    escalateAfterMs: integerEnv(env, 'ESCALATE_AFTER_MINUTES') * 60_000,
    ...(env.SLACK_DEFAULT_CHANNEL?.trim() ? { defaultChannel: env.SLACK_DEFAULT_CHANNEL.trim() } : {}),
    ...(oncall ? { oncallGroupId: oncall } : {}),
    ...(roles ? { roles } : {}),
    slackApiUrl: urlEnv(env, 'SLACK_API_URL'),
    slackToken: slackTokenSource(env),
    signingSecret,
    access,
    aliases,
    accountNames: parseAccountNames(env.LAMPLIGHTER_ACCOUNTS),
    accountNamesFromOrganizations: booleanEnv(env, 'ACCOUNT_NAMES_FROM_ORGANIZATIONS'),
    region: env.AWS_REGION?.trim() || OPTIONS.AWS_REGION.default,
    ...(tableName ? { tableName } : {}),
    slackTimeoutMs: integerEnv(env, 'SLACK_TIMEOUT_MS'),
    ...signInOf(env),
  };
}
