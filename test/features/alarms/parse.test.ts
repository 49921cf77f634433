import { alarmKey } from '../../../src/features/alarms/alarm';
import { parseAwsTime } from '../../../src/kernel/aws/time';
import { parseEventBridgeAlarm } from '../../../src/features/alarms/parse-eventbridge';
import { classify } from '../../../src/app/classify';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import { loadFixture } from '../../support/fixtures';

function alarmFrom(fixture: string) {
  const [delivery] = deliveriesFrom(loadFixture(fixture));
  if (!delivery) throw new Error('no delivery');
  const n = classify(delivery);
  if (n.kind !== 'alarm') throw new Error(`${fixture} did not parse as an alarm`);
  return n.alarm;
}

describe('CloudWatch alarm notifications from SNS', () => {
  it('reads a metric alarm, taking the region code from the ARN, not the display name', () => {
    expect(alarmFrom('rheoceros/sns-cloudwatch-alarm-metric-real-capture.json')).toEqual({
      kind: 'metric',
      alarmName: 'if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
      alarmArn:
        'arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
      description: undefined,
      accountId: '427809481713',
      partition: 'aws',
      region: 'us-east-1',
      regionDisplayName: 'US East (N. Virginia)',
      state: 'ALARM',
      previousState: 'INSUFFICIENT_DATA',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (10/11/21 02:40:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
      stateChangeTime: new Date('2021-11-10T02:45:55.640Z'),
      condition: {
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: undefined,
        treatMissingData: 'missing',
        thresholdMetricId: undefined,
        metric: {
          namespace: 'sim-app_427809481713_us-east-1',
          metricName: 'IExecutionFailureHook',
          dimensions: [
            { name: 'MetricGroupId', value: 'routing_table.receive.hook' },
            { name: 'RouteID', value: 'metric_emitting_node' },
          ],
          stat: 'SUM',
          period: 300,
          unit: undefined,
        },
        queries: [],
      },
      composite: undefined,
    });
  });

  it('reads a metric-math alarm from Trigger.Metrics', () => {
    const alarm = alarmFrom('aws-lambda-go/cloudwatch-alarm-metric-math.json');
    expect(alarm.kind).toBe('metric-math');
    expect(alarm.condition?.queries.map((q) => [q.id, q.expression, q.metric?.metricName])).toEqual([
      ['e1', 'm1*1', undefined],
      ['m1', undefined, 'NetworkOut'],
    ]);
    // "REGION"/"EXAMPLE" placeholders are not region codes: the region stays unknown rather than wrong.
    expect(alarm.region).toBeUndefined();
  });

  it('reads an anomaly-detection alarm (ThresholdMetricId, ANOMALY_DETECTION_BAND)', () => {
    const alarm = alarmFrom('lamplighter/sns-cloudwatch-alarm-anomaly-detection.json');
    expect(alarm.kind).toBe('anomaly-detection');
    expect(alarm.condition?.thresholdMetricId).toBe('ad1');
    expect(alarm.condition?.comparison).toBe('LessThanLowerOrGreaterThanUpperThreshold');
  });

  it('reads a composite alarm: rule and triggering children, no Trigger', () => {
    const alarm = alarmFrom('rheoceros/cloudwatch-alarm-composite.json');
    expect(alarm.kind).toBe('composite');
    expect(alarm.condition).toBeUndefined();
    expect(alarm.composite).toEqual({
      rule: expect.stringContaining(
        'ALARM(arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure) OR',
      ),
      triggeringChildren: [
        {
          arn: 'arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
          name: 'if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
          state: 'ALARM',
          timestamp: new Date('2021-11-10T02:45:55.640Z'),
        },
      ],
    });
  });

  it('reads an OK transition with null unit and no dimensions, region from the topic when the ARN is missing', () => {
    const alarm = alarmFrom('notify-slack/cloudwatch-alarm-ok.json');
    expect(alarm).toMatchObject({
      state: 'OK',
      previousState: 'ALARM',
      region: 'us-east-1',
      accountId: '735598076380',
      alarmArn: undefined,
    });
    expect(alarm.condition?.metric).toEqual({
      namespace: 'LogMetrics',
      metricName: 'DBMigrationRequired',
      dimensions: [],
      stat: 'SUM',
      period: 60,
      unit: undefined,
    });
  });

  it('reads a bare alarm message with no Trigger and an old-style region name', () => {
    const alarm = alarmFrom('notify-slack/cloudwatch-alarm-minimal-no-trigger.json');
    expect(alarm).toMatchObject({
      kind: 'unspecified',
      region: 'eu-west-1',
      state: 'ALARM',
      accountId: '000000000000',
    });
    expect(alarmKey(alarm)).toBe('aws:eu-west-1:000000000000:alarm:Example');
  });
});

describe('CloudWatch alarm state changes from EventBridge', () => {
  it.each([
    ['awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json', 'metric'],
    ['awsdocs/eventbridge-cloudwatch-alarm-state-change-metric-math.json', 'metric-math'],
    ['awsdocs/eventbridge-cloudwatch-alarm-state-change-anomaly-detection.json', 'anomaly-detection'],
    ['awsdocs/eventbridge-cloudwatch-alarm-state-change-composite-suppressor.json', 'composite'],
  ])('%s is a %s alarm', (fixture, kind) => {
    const alarm = parseEventBridgeAlarm(loadFixture(fixture));
    expect(alarm?.kind).toBe(kind);
    expect(alarm?.region).toBe('us-east-1');
  });

  it('takes the account and region from the envelope, not from a resource ARN the sender wrote', () => {
    // PutEvents from 333… naming 222…'s alarm in another region: EventBridge stamps the real sender.
    const forged = loadFixture<Record<string, unknown>>(
      'awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json',
    );
    forged.account = '333333333333';
    forged.region = 'eu-west-1';
    forged.resources = ['arn:aws:cloudwatch:us-east-1:222222222222:alarm:ServerCpuTooHigh'];
    const alarm = parseEventBridgeAlarm(forged);
    expect(alarm).toMatchObject({
      accountId: '333333333333',
      region: 'eu-west-1',
      alarmArn: 'arn:aws:cloudwatch:eu-west-1:333333333333:alarm:ServerCpuTooHigh',
    });
    expect(alarmKey(alarm!)).toBe('arn:aws:cloudwatch:eu-west-1:333333333333:alarm:ServerCpuTooHigh');
  });

  it("keeps the ARN CloudWatch sent when it is the envelope's own", () => {
    const alarm = parseEventBridgeAlarm(loadFixture('awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json'));
    expect(alarm?.alarmArn).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh');
    expect(alarm?.accountId).toBe('123456789012');
  });

  it('lists the composite alarm children that triggered it', () => {
    const alarm = parseEventBridgeAlarm(
      loadFixture('awsdocs/eventbridge-cloudwatch-alarm-state-change-composite-suppressor.json'),
    );
    expect(alarm?.composite?.triggeringChildren.map((c) => c.name)).toEqual(['ServerCpuTooHigh']);
  });
});

describe('deliveries', () => {
  it('splits a Lambda SNS event into one delivery per record, keeping the MessageId', () => {
    const deliveries = deliveriesFrom(loadFixture('notify-slack/sns-plain-text-message.json'));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ messageId: 'f86e3c5b-cd17-1ab8-80e9-c0776d4f1e7a', subject: 'All Fine' });
  });

  it('wraps anything else whole, with a content hash as its id', () => {
    const [a] = deliveriesFrom({ hello: 'world' });
    const [b] = deliveriesFrom({ hello: 'world' });
    expect(a?.messageId).toMatch(/^sha256-/);
    expect(a?.messageId).toBe(b?.messageId);
    expect(a?.message).toBe('{"hello":"world"}');
  });

  it('keeps a record with no SNS body as its own JSON, not dropped', () => {
    const deliveries = deliveriesFrom({ Records: [{ Sns: { Subject: 'x' } }] });
    expect(deliveries).toHaveLength(1);
    expect(classify(deliveries[0]!).kind).toBe('generic');
  });
});

describe('parseAwsTime', () => {
  it('reads CloudWatch +0000 offsets', () => {
    expect(parseAwsTime('2021-11-10T02:45:55.640+0000')?.toISOString()).toBe('2021-11-10T02:45:55.640Z');
    expect(parseAwsTime('not a time')).toBeUndefined();
  });
});
