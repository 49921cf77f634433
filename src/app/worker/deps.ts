import { createAccountDirectory } from '../../adapters/aws/organizations';
import type { AccountDirectory } from '../../kernel/accounts';
import type { SlackAppAws } from '../../adapters/aws/slack-app-aws';
import { postToResponseUrl } from '../../adapters/slack/response-url';
import type { SlackAppConfig } from '../../config/slack-app';
import type { Logger } from '../../kernel/log';
import type { SlackPort } from '../../kernel/slack/port';
import type { Job } from './job';
import { runJob, type ActionDeps } from './run-job';

/** The action commands' collaborators, where a state table is deployed. */
function actionDepsFor(
  aws: SlackAppAws,
  config: SlackAppConfig,
  accounts: { accounts?: AccountDirectory },
): ActionDeps | undefined {
  const s = aws.stores;
  if (!s) return undefined;
  return {
    incidents: s.incidents,
    mutes: s.mutes,
    flows: s.flows,
    claims: s.claims,
    audit: s.audit,
    snapshots: s.snapshots,
    reminders: s.reminders,
    spendInfo: s.spend,
    alarms: aws.alarms,
    ec2: aws.ec2,
    trail: aws.trail,
    anomalies: aws.anomalies,
    accountNames: config.accountNames,
    ...accounts,
    organisation: aws.organisation,
    ownAccount: aws.ownAccount,
    ...(config.roles ? { roles: config.roles } : {}),
    partition: 'aws',
    region: config.region,
    now: () => new Date(),
  };
}

export type Worker = (job: Job, run: { slack: SlackPort; deadline: number }) => Promise<void>;

/**
 * The worker, wired once per container from its AWS side and configuration: the Lambda
 * handler and `lamplighter serve` (with the worker in-process) both run jobs through this.
 */
export function createWorker(aws: SlackAppAws, config: SlackAppConfig, log: Logger): Worker {
  // `--account NAME` by the organisation's names too, where it may read them (read only when asked).
  // Which accounts `--account` may reach: the configured ones and, with the organisation set up,
  // those ListAccounts lists (its names too with AccountNamesFromOrganizations).
  const fromOrganizations = config.accountNamesFromOrganizations ? true : aws.organisation ? 'members' : false;
  const accounts = fromOrganizations
    ? { accounts: createAccountDirectory(config.accountNames, fromOrganizations, log) }
    : {};
  const actions = actionDepsFor(aws, config, accounts);
  // Every call a job makes in a member account is a session named for the person who asked.
  return (job, run) =>
    aws.actingFor(job.user, () =>
      runJob(job, {
        logs: aws.logs,
        logsIn: aws.logsIn,
        organisation: aws.organisation,
        ownAccount: aws.ownAccount,
        accountNames: config.accountNames,
        ...accounts,
        access: config.access,
        ...(config.roles ? { roles: config.roles } : {}),
        // Without a state table the audit record is the log line alone.
        audit: aws.stores?.audit ?? { recordAudit: async () => undefined },
        now: () => new Date(),
        aliases: config.aliases,
        partition: 'aws',
        region: config.region,
        ...(aws.stores ? { incidents: aws.stores.incidents } : {}),
        slack: run.slack,
        respond: (url, message) => postToResponseUrl(url, message, config.slackApiUrl),
        ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
        ...(actions ? { actions } : {}),
        deadline: () => run.deadline,
        log,
      }),
    );
}
