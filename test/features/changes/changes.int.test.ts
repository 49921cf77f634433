import type { TrailEvent } from '../../../src/features/trail/port';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  minutes,
  soon,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness();

/** The alarm on a Lambda function's errors: its metric names the function. */
const onFunction = (fn: string) => (a: Record<string, unknown>) => {
  a.Trigger = {
    MetricName: 'Errors',
    Namespace: 'AWS/Lambda',
    StatisticType: 'Statistic',
    Statistic: 'SUM',
    Unit: null,
    Dimensions: [{ name: 'FunctionName', value: fn }],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    TreatMissingData: 'missing',
  };
};

const call = (id: string, name: string, fn: string, at: Date, principal: string, readOnly = false): TrailEvent => ({
  id,
  name,
  source: 'lambda.amazonaws.com',
  time: at,
  principal,
  resources: [fn],
  readOnly,
});

const threadTexts = () => {
  const [incident] = topLevel();
  return w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => JSON.stringify(m.blocks ?? m.text));
};

describe('what changed before a new incident', () => {
  it('lists the write calls on the alarm’s function in the hour before, newest first, in the incident’s thread', async () => {
    const t0 = w.clock;
    w.trailEvents = [
      call('ev-code', 'UpdateFunctionCode20150331v2', 'api-prod', minutes(t0, -12), 'alice'),
      call('ev-config', 'UpdateFunctionConfiguration20150331v2', 'api-prod', minutes(t0, -40), 'bob <!channel>'),
      call('ev-read', 'GetFunction20150331v2', 'api-prod', minutes(t0, -5), 'carol', true),
      call('ev-old', 'UpdateFunctionCode20150331v2', 'api-prod', minutes(t0, -90), 'dave'),
      call('ev-other', 'UpdateFunctionCode20150331v2', 'other-fn', minutes(t0, -3), 'erin'),
    ];
    await app().handle(alarmEvent('api-prod-errors', 'ALARM', t0, 'wc-1', onFunction('api-prod')), soon());
    // The alert first, then its graph; the lookup after both, on the alarm's region and the hour before.
    // (after the listing that finds the id of '#alerts', configured by name)
    expect(w.slack.calls.map((c) => c.method).filter((m) => m !== 'conversations.list')[0]).toBe('chat.postMessage');
    expect(w.trailCalls).toEqual([{ value: 'api-prod', start: minutes(t0, -60), end: t0, region: 'us-east-1' }]);
    const replies = threadTexts();
    const changes = replies.find((r) => r.includes('Changes in the hour before'))!;
    expect(changes).toContain('(2 write calls, newest first)');
    expect(changes).toContain('UpdateFunctionCode> on `api-prod` by `alice`, 12 min before');
    expect(changes).toContain('UpdateFunctionConfiguration> on `api-prod` by `bob &lt;!channel&gt;`, 40 min before');
    expect(changes.indexOf('UpdateFunctionCode>')).toBeLessThan(changes.indexOf('UpdateFunctionConfiguration>'));
    for (const absent of ['GetFunction', 'dave', 'erin']) expect(changes).not.toContain(absent);
    expect(changes).toContain(
      'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/ev-code',
    );
  });

  it('says nothing when nothing changed, and does not look when the alarm clears', async () => {
    const t0 = w.clock;
    await app().handle(alarmEvent('quiet-fn-errors', 'ALARM', t0, 'wc-2', onFunction('quiet-fn')), soon());
    expect(w.trailCalls).toHaveLength(1);
    expect(threadTexts().filter((r) => r.includes('Changes'))).toEqual([]);
    await app().handle(alarmEvent('quiet-fn-errors', 'OK', minutes(t0, 5), 'wc-3', onFunction('quiet-fn')), soon());
    expect(w.trailCalls).toHaveLength(1);
  });

  it('never holds the alert: a CloudTrail slower than the budget leaves the incident posted and no reply', async () => {
    const t0 = w.clock;
    w.trailDelayMs = 3000;
    w.trailEvents = [call('ev-slow', 'UpdateFunctionCode', 'slow-fn', minutes(t0, -2), 'alice')];
    const [outcome] = await app({ WHAT_CHANGED_TIMEOUT_MS: '500' }).handle(
      alarmEvent('slow-fn-errors', 'ALARM', t0, 'wc-4', onFunction('slow-fn')),
      soon(),
    );
    expect(outcome?.action).toBe('open');
    expect(topLevel()).toHaveLength(1);
    expect(threadTexts().filter((r) => r.includes('Changes'))).toEqual([]);
    expect(w.logLines.join('\n')).toContain('could not look up recent changes in CloudTrail');
  });

  it('is off with WHAT_CHANGED=false', async () => {
    await app({ WHAT_CHANGED: 'false' }).handle(
      alarmEvent('off-fn-errors', 'ALARM', w.clock, 'wc-5', onFunction('off-fn')),
      soon(),
    );
    expect(topLevel()).toHaveLength(1);
    expect(w.trailCalls).toEqual([]);
  });
});
