import { alarmFrom } from '../../../src/features/alarms/parse';
import { formatAlarm } from '../../../src/features/alarms/format';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import type { SandboxAlarm, SandboxAws } from '../../../src/adapters/aws/sandbox-aws';
import type { Lambdas } from '../../../src/sandbox/web/lambdas';
import { alarmMessage, runScenario, SCENARIO_ALARMS, stateReason } from '../../../src/sandbox/web/scenarios';
import { ROOT } from '../../support/paths';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:lamplighter-alarms';
const REASON =
  /^Threshold Crossed: 1 out of the last 1 datapoints \[(\d+\.\d+) \((\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\)\] (was greater than|was not greater than) the threshold \((\d+\.\d+)\) \(minimum 1 datapoint for (OK -> ALARM|ALARM -> OK) transition\)\.$/;

/** The alarm as CloudWatch describes it after the sandbox's PutMetricAlarm (sandbox-aws.ts). */
function described(name: string, spec: (typeof SCENARIO_ALARMS)[string]['spec']): SandboxAlarm {
  const percentile = spec.statistic?.startsWith('p');
  return {
    name,
    arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    description: spec.description,
    metricName: spec.metricName,
    namespace: spec.namespace,
    ...(percentile ? { extendedStatistic: spec.statistic! } : { statistic: spec.statistic ?? 'Sum' }),
    ...(spec.unit ? { unit: spec.unit } : {}),
    dimensions: [],
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: spec.threshold,
    treatMissingData: 'notBreaching',
    okActions: [TOPIC],
    alarmActions: [TOPIC],
  };
}

describe("the sandbox's alarms say what CloudWatch would", () => {
  const at = new Date('2026-11-27T21:47:12.482Z');
  for (const [name, { spec, values }] of Object.entries(SCENARIO_ALARMS))
    for (const state of ['ALARM', 'OK'] as const)
      it(`${name} → ${state}: reason, threshold, statistic and times agree`, () => {
        const alarm = described(name, spec);
        const reason = stateReason({ threshold: spec.threshold, period: 300 }, values[state], state, at);
        const message = alarmMessage(alarm, state, reason, at);
        const m = REASON.exec(message.NewStateReason)!;
        expect(m).not.toBeNull();
        // The reason's threshold is the alarm's, and its datapoint is on the right side of it.
        expect(Number(m[9])).toBe(message.Trigger.Threshold);
        expect(Number(m[9])).toBe(spec.threshold);
        expect(Number(m[1]) > spec.threshold).toBe(state === 'ALARM');
        expect(m[8]).toBe(state === 'ALARM' ? 'was greater than' : 'was not greater than');
        expect(m[10]).toBe(state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK');
        // The datapoint's period ended within minutes before the state change was sent.
        const point = Date.UTC(2000 + Number(m[4]), Number(m[3]) - 1, Number(m[2]), +m[5]!, +m[6]!, +m[7]!);
        const sent = Date.parse(message.StateChangeTime.replace('+0000', 'Z'));
        expect(sent - point).toBeGreaterThanOrEqual(300_000);
        expect(sent - point).toBeLessThan(15 * 60_000);
        // A percentile alarm reports its ExtendedStatistic, never a Sum.
        const trigger = message.Trigger as Record<string, unknown>;
        if (/\bp99\b/.test(spec.description)) {
          expect(trigger).toMatchObject({ StatisticType: 'ExtendedStatistic', ExtendedStatistic: 'p99' });
          expect(trigger.Statistic).toBeUndefined();
        } else expect(trigger).toMatchObject({ StatisticType: 'Statistic', Statistic: 'SUM' });
        // And the message a person reads says so.
        const [delivery] = deliveriesFrom(message);
        const shown = JSON.stringify(formatAlarm({ alarm: alarmFrom(delivery!)! }));
        if (/\bp99\b/.test(spec.description)) {
          expect(shown).toContain('p99');
          expect(shown).not.toContain('Sum of');
        }
      });
});

describe("the sandbox's other scenarios are dated by the scenario's clock", () => {
  /** What a scenario publishes, caught before the functions (the scenario is what is under test). */
  async function published(name: 'guardduty' | 'redshift') {
    const sent: string[] = [];
    const lambdas = { publish: async (_topic: string, message: string) => void sent.push(message) };
    await runScenario(name, { aws: {} as SandboxAws, lambdas: lambdas as unknown as Lambdas, root: ROOT });
    return JSON.parse(sent[0]!) as { time: string; region: string; detail: Record<string, unknown> };
  }

  it('GuardDuty: first and last seen are minutes before the finding is sent, never days', async () => {
    const before = Date.now();
    const event = await published('guardduty');
    const service = event.detail.service as Record<string, string>;
    const sent = Date.parse(event.time);
    expect(Math.abs(sent - before)).toBeLessThan(60_000);
    for (const t of [service.eventFirstSeen, service.eventLastSeen, event.detail.createdAt, event.detail.updatedAt]) {
      const at = Date.parse(String(t));
      expect(at).toBeLessThanOrEqual(sent);
      expect(sent - at).toBeLessThan(30 * 60_000);
    }
    expect(Date.parse(service.eventFirstSeen!)).toBeLessThan(Date.parse(service.eventLastSeen!));
  });

  it('Redshift: the call is made where the event says, now', async () => {
    const event = await published('redshift');
    expect(event.detail.awsRegion).toBe(event.region);
    expect(Math.abs(Date.parse(String(event.detail.eventTime)) - Date.now())).toBeLessThan(60_000);
  });
});
