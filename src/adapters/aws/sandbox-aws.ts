import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type StandardUnit,
  type Statistic,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, PutLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';

/**
 * What the local sandbox (src/sandbox/web) asks of AWS — moto — to build its world and play its
 * scenarios: alarms, log lines, a metric filter, an instance with volumes, SNS topics.
 */

/** A metric alarm as CloudWatch describes it: what a state-change notification is made from. */
export interface SandboxAlarm {
  name: string;
  arn: string;
  description?: string;
  configurationUpdated?: Date;
  metricName?: string;
  namespace?: string;
  statistic?: string;
  /** A percentile such as `p99`, instead of a statistic. */
  extendedStatistic?: string;
  unit?: string;
  dimensions: Array<{ name: string; value: string }>;
  period?: number;
  evaluationPeriods?: number;
  comparisonOperator?: string;
  threshold?: number;
  treatMissingData?: string;
  okActions: string[];
  alarmActions: string[];
}

export interface AlarmSpec {
  name: string;
  description: string;
  metricName: string;
  namespace: string;
  threshold: number;
  topicArn: string;
  /** `Sum` unless said; a percentile (`p99`) goes in ExtendedStatistic, as CloudWatch keeps it. */
  statistic?: string;
  unit?: string;
}

export function createSandboxAws() {
  const cw = new CloudWatchClient({});
  const logs = new CloudWatchLogsClient({});
  const sns = new SNSClient({});
  return {
    async putAlarm(a: AlarmSpec) {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: a.name,
          AlarmDescription: a.description,
          MetricName: a.metricName,
          Namespace: a.namespace,
          ...(a.statistic?.startsWith('p')
            ? { ExtendedStatistic: a.statistic }
            : { Statistic: (a.statistic ?? 'Sum') as Statistic }),
          ...(a.unit ? { Unit: a.unit as StandardUnit } : {}),
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: a.threshold,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [a.topicArn],
          OKActions: [a.topicArn],
        }),
      );
    },
    /** Sets the state and answers the alarm as CloudWatch now describes it. */
    async setAlarmState(name: string, state: 'ALARM' | 'OK', reason: string): Promise<SandboxAlarm> {
      await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }));
      const a = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
      if (!a?.AlarmName || !a.AlarmArn) throw new Error(`no alarm ${name} in moto`);
      return {
        name: a.AlarmName,
        arn: a.AlarmArn,
        ...(a.AlarmDescription ? { description: a.AlarmDescription } : {}),
        ...(a.AlarmConfigurationUpdatedTimestamp ? { configurationUpdated: a.AlarmConfigurationUpdatedTimestamp } : {}),
        ...(a.MetricName ? { metricName: a.MetricName } : {}),
        ...(a.Namespace ? { namespace: a.Namespace } : {}),
        ...(a.Statistic ? { statistic: a.Statistic } : {}),
        ...(a.ExtendedStatistic ? { extendedStatistic: a.ExtendedStatistic } : {}),
        ...(a.Unit ? { unit: a.Unit } : {}),
        dimensions: (a.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
        ...(a.Period !== undefined ? { period: a.Period } : {}),
        ...(a.EvaluationPeriods !== undefined ? { evaluationPeriods: a.EvaluationPeriods } : {}),
        ...(a.ComparisonOperator ? { comparisonOperator: a.ComparisonOperator } : {}),
        ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
        ...(a.TreatMissingData ? { treatMissingData: a.TreatMissingData } : {}),
        okActions: a.OKActions ?? [],
        alarmActions: a.AlarmActions ?? [],
      };
    },
    async putMetricFilter(group: string, name: string, pattern: string, metric: string, namespace: string) {
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: group,
          filterName: name,
          filterPattern: pattern,
          metricTransformations: [{ metricName: metric, metricNamespace: namespace, metricValue: '1' }],
        }),
      );
    },
    async putLogLines(group: string, stream: string, events: Array<{ timestamp: number; message: string }>) {
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
    },
    /** An instance named `name` with a volume of each size: the sandbox's /snapshot target. */
    async runInstance(name: string, volumeSizes: number[]): Promise<string> {
      const res = await new EC2Client({}).send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          BlockDeviceMappings: volumeSizes.map((size, i) => ({
            DeviceName: `/dev/sd${String.fromCharCode(102 + i)}`,
            Ebs: { VolumeSize: size },
          })),
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
        }),
      );
      return res.Instances?.[0]?.InstanceId ?? '';
    },
    async createTopic(name: string): Promise<string> {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      if (!TopicArn) throw new Error(`moto created no topic ${name}`);
      return TopicArn;
    },
    async subscribeHttp(topicArn: string, endpoint: string): Promise<string> {
      const res = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint }));
      return res.SubscriptionArn ?? `${topicArn}:sandbox`;
    },
    async publish(topicArn: string, message: string, subject?: string) {
      await sns.send(
        new PublishCommand({ TopicArn: topicArn, Message: message, ...(subject ? { Subject: subject } : {}) }),
      );
    },
  };
}

export type SandboxAws = ReturnType<typeof createSandboxAws>;
