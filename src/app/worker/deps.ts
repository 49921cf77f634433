import type { SlackAppAws } from '../../adapters/aws/slack-app-aws';
import type { SlackAppConfig } from '../../config/load';
import type { JobDeps } from './jobs';

/** The incident commands' collaborators, where a state table is deployed. */
export function actionDepsFor(aws: SlackAppAws, config: SlackAppConfig): JobDeps['actions'] {
  if (!aws.state) return undefined;
  return {
    incidents: aws.state,
    mutes: aws.state,
    audit: aws.state,
    snapshots: aws.state,
    reminders: aws.state,
    spendInfo: aws.state,
    alarms: aws.alarms,
    ec2: aws.ec2,
    trail: aws.trail,
    ...(config.roles ? { roles: config.roles } : {}),
    partition: 'aws',
    region: config.region,
    now: () => new Date(),
  };
}
