import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LogsPort } from '../../features/logs/port';
import type { AlarmsPort } from '../../features/incidents/ports';
import type { Ec2Port } from '../../features/snapshots/port';
import type { TrailPort } from '../../features/trail/port';
import type { AnomalyFeedbackPort } from '../../features/spend/ports';
import type { Place } from '../../kernel/aws/place';
import { createAlarmsPort } from './cloudwatch-alarms';
import { lazy } from './lazy';
import { createMemberAccess, memberSettingsFrom, type MemberAccess } from './member-access';
import { clientsByPlace, perAccountRegion } from './per-region';
import { storesFor, type Stores } from './dynamo';
import { createLogsPort } from './cloudwatch-logs';
import { readSigningSecret, readSlackBotToken } from './secrets';

/** The AWS side of the Slack gateway and worker, created once per container. */
export interface SlackAppAws {
  logs: LogsPort;
  /** CloudWatch Logs in another account (its member role) or region. */
  logsIn: (at: Place) => Promise<LogsPort>;
  /** Whether other accounts can be reached (an external id is set: MEMBER_EXTERNAL_ID_SECRET_ARN, or MEMBER_EXTERNAL_ID locally; member.yaml is deployed there). */
  organisation: boolean;
  /** This account's id, where it can be told (commands may name it with `--account`). */
  ownAccount: () => Promise<string | undefined>;
  /** Runs a job for a Slack user: member roles are assumed as sessions named for them. */
  actingFor: <T>(user: string, work: () => Promise<T>) => Promise<T>;
  alarms: AlarmsPort;
  trail: TrailPort;
  ec2: Ec2Port;
  anomalies: AnomalyFeedbackPort;
  stores?: Stores;
  readSlackToken: (secretId: string) => Promise<string>;
  readSigningSecret: (secretId: string) => Promise<string>;
}

/**
 * `access`: how to act in another account of the organisation (member.yaml's roles), from
 * MEMBER_EXTERNAL_ID_SECRET_ARN (or MEMBER_EXTERNAL_ID) and the MEMBER_*_ROLE_NAME variables by default; none set, this account only.
 */
export function createSlackAppAws(
  tableName: string | undefined,
  access: MemberAccess = createMemberAccess(memberSettingsFrom(process.env), { sessionName: 'lamplighter-worker' }),
): SlackAppAws {
  const secrets = new SecretsManagerClient({});
  const ownRegion = process.env.AWS_REGION || 'us-east-1';
  const memberLogs = perAccountRegion(access, 'read', (region, credentials) =>
    createLogsPort(new CloudWatchLogsClient({ region, maxAttempts: 5, ...(credentials ? { credentials } : {}) })),
  );
  const alarmClients = clientsByPlace(
    access,
    ownRegion,
    (region, credentials) => new CloudWatchClient({ region, credentials }),
  );
  return {
    // Five attempts: the SDK backs off on throttling before a search gives up.
    logs: createLogsPort(new CloudWatchLogsClient({ maxAttempts: 5 })),
    logsIn: (at) => memberLogs(at.region ?? ownRegion, at.accountId),
    organisation: access.enabled,
    ownAccount: async () => (access.enabled ? access.ownAccount?.() : undefined),
    actingFor: (user, work) => (access.actingFor ? access.actingFor(user, work) : work()),
    alarms: createAlarmsPort(alarmClients, ownRegion),
    // Loaded on first use: only /trail and /snapshot (and the sweeper's snapshot follow-up) need them.
    trail: lazy(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
      const ct = require('./cloudtrail') as typeof import('./cloudtrail');
      return ct.createTrailPort(ct.clientsByRegion(5, access));
    }),
    ec2: lazy(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
      const ec2 = require('./ec2') as typeof import('./ec2');
      return ec2.createEc2Port(ec2.ec2Clients(access, ownRegion));
    }),
    // Only the Cost Anomaly buttons need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
    anomalies: lazy(() => (require('./cost-explorer') as typeof import('./cost-explorer')).createAnomalyFeedbackPort()),
    ...(tableName ? { stores: storesFor(tableName) } : {}),
    readSlackToken: (id) => readSlackBotToken(secrets, id),
    readSigningSecret: (id) => readSigningSecret(secrets, id),
  };
}
