import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlarmSpec, SandboxAlarm, SandboxAws } from '../../adapters/aws/sandbox-aws';
import { createStateTable, seedLogGroup } from '../../adapters/aws/seed';
import type { Lambdas } from './lambdas';
import type { ScenarioTrail } from './trail';

/** The log-metric alarm the scenario fires: 404s on api-prod, counted by a metric filter. */
export const ALARM = 'api-prod-http-404';
const API_GROUP = '/app/api-prod';
const STORM = Array.from({ length: 7 }, (_, i) => `batch-worker-${i + 1}-errors`);
const PAYMENTS = 'payments-api-latency';
const ACCOUNT = '123456789012';

/**
 * The scenarios' alarms as they are defined in moto, and the datapoint each state change reports:
 * a notification's reason, statistic and threshold agree with the alarm, as CloudWatch's would.
 */
export const SCENARIO_ALARMS = {
  [ALARM]: {
    spec: {
      description: 'More than three 404s in 5 minutes on api-prod',
      metricName: 'Http404Count',
      namespace: 'Lamplighter/Example',
      threshold: 3,
    },
    values: { ALARM: 7, OK: 0 },
  },
  [PAYMENTS]: {
    spec: {
      description: 'p99 latency above 800 ms on the payments API',
      metricName: 'Latency',
      namespace: 'Payments',
      threshold: 800,
      statistic: 'p99',
      unit: 'Milliseconds',
    },
    values: { ALARM: 1243.5, OK: 412.8 },
  },
  ...Object.fromEntries(
    STORM.map((name) => [
      name,
      {
        spec: { description: 'A batch worker is failing', metricName: 'Errors', namespace: 'Batch', threshold: 0 },
        values: { ALARM: 2, OK: 0 },
      },
    ]),
  ),
} as Record<string, { spec: Omit<AlarmSpec, 'name' | 'topicArn'>; values: Record<'ALARM' | 'OK', number> }>;

/** What the panel offers, in order: id → the label on its button. */
export const SCENARIOS = {
  fire: `Fire ${ALARM}`,
  resolve: `Resolve ${ALARM}`,
  flap: 'Flap it (ALARM → OK → ALARM)',
  payments: `Fire ${PAYMENTS} (→ #payments)`,
  storm: `Alarm storm (${STORM.length} alarms)`,
  'storm-resolve': 'Resolve the storm',
  redshift: 'Create a Redshift cluster',
  dynamodb: 'Create a provisioned DynamoDB table',
  budget: 'Budget alert',
  guardduty: 'GuardDuty finding',
  'second-account': 'A table in a second account',
} as const;
export type Scenario = keyof typeof SCENARIOS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** moto's world for the sandbox: the state table, log groups (one hostile line each), alarms, an instance. */
export async function seedWorld(aws: SandboxAws, table: string): Promise<{ instanceId: string }> {
  await createStateTable(table);
  const now = Date.now();
  await seedLogGroup('/aws/lambda/demo-api', '2026/11/27/[$LATEST]demo', [
    { timestamp: now - 40 * 60_000, message: 'INFO GET /orders 200 12ms' },
    { timestamp: now - 30 * 60_000, message: 'ERROR payment declined for order 42' },
    { timestamp: now - 20 * 60_000, message: 'INFO GET /health 200 1ms' },
    { timestamp: now - 10 * 60_000, message: 'ERROR payment declined for order 43 <!channel>' },
  ]);
  await seedLogGroup(API_GROUP, 'web-1', [{ timestamp: now - 60 * 60_000, message: '10.0.0.9 "GET /" 200 512' }]);
  // Quoted: moto treats an unquoted number as match-all.
  await aws.putMetricFilter(API_GROUP, 'http-404', '"404"', 'Http404Count', 'Lamplighter/Example');
  const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:lamplighter-alarms`;
  for (const [name, a] of Object.entries(SCENARIO_ALARMS)) await aws.putAlarm({ name, ...a.spec, topicArn });
  return { instanceId: await aws.runInstance('web-1', [50, 200]) };
}

/** `2026-11-27T21:45:10.482+0000`, as CloudWatch writes StateChangeTime. */
const cloudWatchTime = (d: Date) => d.toISOString().replace('Z', '+0000');

/** The notification CloudWatch publishes for a state change, from the alarm as moto holds it. */
export function alarmMessage(a: SandboxAlarm, state: 'ALARM' | 'OK', reason: string, at: Date) {
  return {
    AlarmName: a.name,
    AlarmDescription: a.description ?? null,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(a.configurationUpdated ?? at),
    NewStateValue: state,
    NewStateReason: reason,
    StateChangeTime: cloudWatchTime(at),
    Region: 'US East (N. Virginia)',
    AlarmArn: a.arn,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: [],
    Trigger: {
      MetricName: a.metricName,
      Namespace: a.namespace,
      // A percentile alarm names its ExtendedStatistic (`p99`); any other its Statistic, upper case.
      ...(a.extendedStatistic
        ? { StatisticType: 'ExtendedStatistic', ExtendedStatistic: a.extendedStatistic }
        : { StatisticType: 'Statistic', Statistic: (a.statistic ?? 'Sum').toUpperCase() }),
      Unit: a.unit ?? null,
      Dimensions: a.dimensions,
      Period: a.period,
      EvaluationPeriods: a.evaluationPeriods,
      ComparisonOperator: a.comparisonOperator,
      Threshold: a.threshold,
      TreatMissingData: a.treatMissingData ?? '',
      EvaluateLowSampleCountPercentile: '',
    },
  };
}

/** `7.0`, `1243.5`: a datapoint or threshold as CloudWatch writes it in a state reason. */
const cwNumber = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/** `27/11/26 21:40:00`: a datapoint's time (the start of its period, UTC) as a state reason writes it. */
const reasonTime = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

/**
 * CloudWatch's NewStateReason for one evaluation of a `> threshold` alarm over one period: the
 * datapoint, the period it covers (the last whole one before `at`) and the alarm's own threshold.
 */
export function stateReason(
  alarm: { threshold: number; period: number },
  value: number,
  state: 'ALARM' | 'OK',
  at: Date,
) {
  const periodMs = alarm.period * 1000;
  const start = new Date(Math.floor(at.getTime() / periodMs) * periodMs - periodMs);
  const crossed = state === 'ALARM' ? 'was greater than' : 'was not greater than';
  const transition = state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK';
  return (
    `Threshold Crossed: 1 out of the last 1 datapoints [${cwNumber(value)} (${reasonTime(start)})] ${crossed} ` +
    `the threshold (${cwNumber(alarm.threshold)}) (minimum 1 datapoint for ${transition} transition).`
  );
}

/** Sets the alarm's state in moto and publishes CloudWatch's notification to the alarms topic. */
async function change(w: World, name: string, state: 'ALARM' | 'OK') {
  const at = new Date();
  const defined = SCENARIO_ALARMS[name];
  if (!defined) throw new Error(`no scenario alarm ${name}`);
  const { spec, values } = defined;
  const reason = stateReason({ threshold: spec.threshold, period: 300 }, values[state], state, at);
  const found = await w.aws.setAlarmState(name, state, reason);
  const subject = `${state}: "${name}" in US East (N. Virginia)`;
  await w.lambdas.publish('alarms', JSON.stringify(alarmMessage(found, state, reason, at)), subject);
}

/** The 404s that trip the alarm, one of them hostile, written just before it fires. */
async function traffic(aws: SandboxAws) {
  const now = Date.now();
  const lines = ['"GET /a" 404 12', '"GET /b" 200 512', '"GET /<!channel>" 404 12', '"GET /c?q=<script>" 404 9'];
  await aws.putLogLines(
    API_GROUP,
    'web-1',
    lines.map((l, i) => ({ timestamp: now - (lines.length - i) * 20_000, message: `10.0.0.${i + 2} - - ${l}` })),
  );
}

type Json = Record<string, unknown>;

/** A fixture as a template: fresh ids and times, so the guard's once-only journal sees a new event. */
async function eventFrom(root: string, file: string, edit: (e: Json, detail: Json) => void = () => {}) {
  const event = JSON.parse(await readFile(join(root, 'test', 'fixtures', file), 'utf8')) as Json;
  const detail = event.detail as Json;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  Object.assign(event, { id: randomUUID(), time: now });
  if ('eventID' in detail) Object.assign(detail, { eventID: randomUUID(), eventTime: now });
  edit(event, detail);
  return JSON.stringify(event);
}

/** Runs one scenario: everything goes through moto's SNS to the in-process functions. */
/** What a scenario acts on: moto, the topics' functions, and the repository (for the fixtures). */
export interface World {
  aws: SandboxAws;
  lambdas: Lambdas;
  root: string;
  /** The sandbox's stand-in for CloudTrail's event history (moto has no LookupEvents). */
  trail?: ScenarioTrail;
}

/** An API call a scenario makes: into the trail (as CloudTrail records it), then to the cost guard. */
async function apiCall(w: World, message: string) {
  w.trail?.record(JSON.parse(message));
  return w.lambdas.publish('cost-guard', message);
}

export async function runScenario(name: Scenario, w: World): Promise<void> {
  const { lambdas, root } = w;
  switch (name) {
    case 'fire':
      await traffic(w.aws);
      return change(w, ALARM, 'ALARM');
    case 'resolve':
      return change(w, ALARM, 'OK');
    case 'flap':
      for (const state of ['ALARM', 'OK', 'ALARM'] as const) {
        await change(w, ALARM, state);
        await lambdas.idle();
        await sleep(300);
      }
      return;
    case 'payments':
      return change(w, PAYMENTS, 'ALARM');
    case 'storm':
      for (const alarm of STORM) await change(w, alarm, 'ALARM');
      return;
    case 'storm-resolve':
      for (const alarm of STORM) await change(w, alarm, 'OK');
      return;
    case 'redshift': {
      const message = await eventFrom(root, 'awsdocs/eventbridge-cloudtrail-redshift-createcluster.json', (e, d) => {
        // In the sandbox's region, as everything it does: `/trail analytics-poc` finds it there.
        e.region = 'us-east-1';
        d.awsRegion = 'us-east-1';
        Object.assign(d.requestParameters as Json, {
          clusterIdentifier: 'analytics-poc',
          nodeType: 'ra3.4xlarge',
          clusterType: 'multi-node',
          numberOfNodes: 2,
        });
        Object.assign(d.userIdentity as Json, { userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
      });
      return apiCall(w, message);
    }
    case 'dynamodb':
      return apiCall(
        w,
        await eventFrom(root, 'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'),
      );
    case 'second-account':
      return apiCall(
        w,
        await eventFrom(root, 'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e, d) => {
          e.account = '222222222222';
          Object.assign(d, { recipientAccountId: '222222222222' });
          Object.assign(d.userIdentity as Json, {
            accountId: '222222222222',
            arn: 'arn:aws:iam::222222222222:user/bob',
          });
          Object.assign(d.userIdentity as Json, { userName: 'bob' });
          Object.assign(d.requestParameters as Json, { tableName: 'staging-events' });
        }),
      );
    case 'budget': {
      const sns = JSON.parse(
        await readFile(join(root, 'test/fixtures/lamplighter/sns-budgets-notification.json'), 'utf8'),
      );
      const record = (sns as { Records: Array<{ Sns: { Message: string; Subject: string } }> }).Records[0]!.Sns;
      return lambdas.publish('spend', record.Message, record.Subject);
    }
    case 'guardduty':
      return lambdas.publish(
        'alarms',
        await eventFrom(root, 'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json', (_, d) => {
          // Its times are the scenario's: seen over the last half hour, last seen just before it is sent.
          const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
          Object.assign(d, { id: randomUUID().replace(/-/g, ''), createdAt: ago(20), updatedAt: ago(0.5) });
          Object.assign(d.service as Json, { eventFirstSeen: ago(25), eventLastSeen: ago(1) });
        }),
      );
  }
}
