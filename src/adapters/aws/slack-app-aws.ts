import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LogsPort } from '../../features/logs/port';
import type { AlarmsPort } from '../../features/incidents/ports';
import type { Ec2Port } from '../../features/snapshots/port';
import type { TrailPort } from '../../features/trail/port';
import type { AnomalyFeedbackPort } from '../../features/spend/ports';
import { createAlarmsPort } from './cloudwatch-alarms';
import { lazy } from './lazy';
import { storesFor, type Stores } from './dynamo';
import { createLogsPort } from './cloudwatch-logs';
import { readSigningSecret, readSlackBotToken } from './secrets';

/** The AWS side of the Slack gateway and worker, created once per container. */
export interface SlackAppAws {
  logs: LogsPort;
  alarms: AlarmsPort;
  trail: TrailPort;
  ec2: Ec2Port;
  anomalies: AnomalyFeedbackPort;
  stores?: Stores;
  readSlackToken: (secretId: string) => Promise<string>;
  readSigningSecret: (secretId: string) => Promise<string>;
}

export function createSlackAppAws(tableName: string | undefined): SlackAppAws {
  const secrets = new SecretsManagerClient({});
  return {
    // Five attempts: the SDK backs off on throttling before a search gives up.
    logs: createLogsPort(new CloudWatchLogsClient({ maxAttempts: 5 })),
    alarms: createAlarmsPort(),
    // Loaded on first use: only /trail and /snapshot (and the sweeper's snapshot follow-up) need them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
    trail: lazy(() => (require('./cloudtrail') as typeof import('./cloudtrail')).createTrailPort()),
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
    ec2: lazy(() => (require('./ec2') as typeof import('./ec2')).createEc2Port()),
    // Only the Cost Anomaly buttons need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
    anomalies: lazy(() => (require('./cost-explorer') as typeof import('./cost-explorer')).createAnomalyFeedbackPort()),
    ...(tableName ? { stores: storesFor(tableName) } : {}),
    readSlackToken: (id) => readSlackBotToken(secrets, id),
    readSigningSecret: (id) => readSigningSecret(secrets, id),
  };
}
