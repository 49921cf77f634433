import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazy } from './lazy';
import { createMemberAccess, memberSettingsFrom, type MemberAccess } from './member-access';
import { perAccountRegion } from './per-region';
import { storesFor, type Stores } from './dynamo';
import { readSlackBotToken } from './secrets';
import type { LogExcerptSource } from '../../features/alarms/log-excerpt';
import type { MetricGraphSource } from '../../features/alarms/metric-widget';
import type { TrailPort } from '../../features/trail/port';
import type { AlarmTagsSource } from '../../features/alarms/tags';

/**
 * The AWS side of the alarm notifier, created once per container. The SDK reads the region,
 * credentials and AWS_ENDPOINT_URL (moto in tests) from the standard environment.
 */
export interface NotifierAws {
  stores: Pick<
    Stores,
    'incidents' | 'journal' | 'mutes' | 'flows' | 'eventMessages' | 'updateBudget' | 'locks' | 'queue' | 'spend'
  >;
  logExcerpts: LogExcerptSource;
  metricGraphs: MetricGraphSource;
  /** The alarms' tags, for routing and for the message's owner and runbook. */
  alarmTags: AlarmTagsSource;
  /** CloudTrail, for what changed before a new incident (every region the alarms are in). */
  trail: TrailPort;
  readSlackToken: (secretId: string) => Promise<string>;
}

/**
 * `access`: how to read another account of the organisation (member.yaml's lamplighter-read),
 * from MEMBER_EXTERNAL_ID_SECRET_ARN (or MEMBER_EXTERNAL_ID) and MEMBER_READ_ROLE_NAME by default; none set, this account only.
 */
export function createNotifierAws(
  tableName: string,
  access: MemberAccess = createMemberAccess(memberSettingsFrom(process.env), { sessionName: 'lamplighter-notifier' }),
): NotifierAws {
  const secrets = new SecretsManagerClient({});
  // The CloudWatch clients serve an ALARM's log lines and graph only: loaded on first use, so an
  // OK, a repeat or the scheduled pass starts without them.
  /* eslint-disable @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start */
  const cw = () => require('./cloudwatch') as typeof import('./cloudwatch');
  const logsSdk = () => require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  const cwSdk = () => require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
  // CloudTrail, only when a new incident opens on an alarm whose metric names a resource.
  const ct = () => require('./cloudtrail') as typeof import('./cloudtrail');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    stores: storesFor(tableName),
    logExcerpts: lazy(() =>
      cw().createLogExcerptSource(
        perAccountRegion(
          access,
          'read',
          (region, credentials) =>
            new (logsSdk().CloudWatchLogsClient)({ region, ...(credentials ? { credentials } : {}) }),
        ),
      ),
    ),
    metricGraphs: lazy(() =>
      cw().createMetricGraphSource(
        perAccountRegion(
          access,
          'read',
          (region, credentials) => new (cwSdk().CloudWatchClient)({ region, ...(credentials ? { credentials } : {}) }),
        ),
      ),
    ),
    alarmTags: lazy(() =>
      cw().createAlarmTagsSource(
        perAccountRegion(
          access,
          'read',
          (region, credentials) =>
            new (cwSdk().CloudWatchClient)({ region, ...(credentials ? { credentials } : {}), maxAttempts: 2 }),
        ),
      ),
    ),
    // Two attempts, not five: the lookups share a few seconds' budget after the alert is posted.
    trail: lazy(() => ct().createTrailPort(ct().clientsByRegion(2, access))),
    readSlackToken: (secretId) => readSlackBotToken(secrets, secretId),
  };
}
