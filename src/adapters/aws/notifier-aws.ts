import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogExcerptSource, createMetricGraphSource, perRegion } from './cloudwatch';
import { storesFor, type Stores } from './dynamo';
import { readSlackBotToken } from './secrets';
import type { LogExcerptSource } from '../../features/alarms/log-excerpt';
import type { MetricGraphSource } from '../../features/alarms/metric-widget';

/**
 * The AWS side of the alarm notifier, created once per container. The SDK reads the region,
 * credentials and AWS_ENDPOINT_URL (moto in tests) from the standard environment.
 */
export interface NotifierAws {
  stores: Pick<Stores, 'incidents' | 'journal' | 'mutes' | 'flows'>;
  logExcerpts: LogExcerptSource;
  metricGraphs: MetricGraphSource;
  readSlackToken: (secretId: string) => Promise<string>;
}

export function createNotifierAws(tableName: string): NotifierAws {
  const logs = perRegion((region) => new CloudWatchLogsClient({ region }));
  const cloudwatch = perRegion((region) => new CloudWatchClient({ region }));
  const secrets = new SecretsManagerClient({});
  return {
    stores: storesFor(tableName),
    logExcerpts: createLogExcerptSource(logs),
    metricGraphs: createMetricGraphSource(cloudwatch),
    readSlackToken: (secretId) => readSlackBotToken(secrets, secretId),
  };
}
