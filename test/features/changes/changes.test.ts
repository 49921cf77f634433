import type { AlarmNotification } from '../../../src/features/alarms/alarm';
import { whatChanged } from '../../../src/features/changes/changes';
import { callName, formatChanges } from '../../../src/features/changes/format';
import { changeTargets } from '../../../src/features/changes/targets';
import type { TrailEvent, TrailPort } from '../../../src/features/trail/port';
import { silentLogger } from '../../../src/kernel/log';
import { messageErrors } from '../../../src/sandbox/block-limits';

const alarmOn = (...dimensions: Array<[string, string]>): AlarmNotification => ({
  kind: 'metric',
  alarmName: 'a',
  accountId: '123456789012',
  partition: 'aws',
  region: 'eu-west-1',
  state: 'ALARM',
  reason: 'r',
  condition: {
    queries: [],
    metric: { namespace: 'X', metricName: 'Y', dimensions: dimensions.map(([name, value]) => ({ name, value })) },
  },
});

const event = (id: string, minutesBefore: number, extra: Partial<TrailEvent> = {}): TrailEvent => ({
  id,
  name: 'UpdateFunctionCode20150331v2',
  source: 'lambda.amazonaws.com',
  time: new Date(Date.UTC(2026, 10, 27, 10, 0) - minutesBefore * 60_000),
  principal: 'alice',
  resources: ['api'],
  readOnly: false,
  ...extra,
});
const BEFORE = new Date('2026-11-27T10:00:00Z');

describe('the resources an alarm watches', () => {
  it('takes resource dimensions, most telling first, at most three, and skips the rest', () => {
    const targets = changeTargets(
      alarmOn(
        ['Resource', 'api:live'],
        ['TableName', 'orders'],
        ['FunctionName', 'api'],
        ['InstanceId', 'i-0abc'],
        ['QueueName', 'jobs'],
      ),
    );
    expect(targets).toEqual([
      { label: 'api', resourceName: 'api' },
      { label: 'i-0abc', resourceName: 'i-0abc' },
      { label: 'orders', resourceName: 'orders' },
    ]);
  });

  it('names a load balancer and a target group by their ARNs, as CloudTrail does', () => {
    expect(
      changeTargets(alarmOn(['LoadBalancer', 'app/web/50dc6c495c0c9188'], ['TargetGroup', 'targetgroup/web/6d0e'])),
    ).toEqual([
      {
        label: 'web',
        resourceName: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
      },
      { label: 'web', resourceName: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/6d0e' },
    ]);
  });

  it('finds none on an alarm whose metric names no resource', () => {
    expect(changeTargets(alarmOn(['Currency', 'USD']))).toEqual([]);
  });
});

describe('looking up what changed', () => {
  const port = (answers: Record<string, TrailEvent[] | Error>, delayMs = 0): TrailPort & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      async lookup({ value }) {
        asked.push(value);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs).unref());
        const answer = answers[value] ?? [];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  };

  it('keeps write calls only, once each, newest first; a failed lookup makes the answer partial, not an error', async () => {
    const trail = port({
      api: [event('e1', 30), event('e2', 5), event('r1', 1, { readOnly: true })],
      'i-0abc': [event('e2', 5)],
      orders: new Error('ThrottlingException'),
    });
    const targets = changeTargets(alarmOn(['FunctionName', 'api'], ['InstanceId', 'i-0abc'], ['TableName', 'orders']));
    const found = await whatChanged(targets, BEFORE, trail, { deadline: Date.now() + 5000 }, silentLogger);
    expect(found.changes.map((c) => c.event.id)).toEqual(['e2', 'e1']);
    expect(found.partial).toBe(true);
    expect(trail.asked).toEqual(['api', 'i-0abc', 'orders']);
  });

  it('starts no lookup past its deadline, and gives up on one that outlives it', async () => {
    const trail = port({ api: [event('e1', 5)] }, 400);
    const targets = changeTargets(alarmOn(['FunctionName', 'api'], ['InstanceId', 'i-0abc']));
    const found = await whatChanged(targets, BEFORE, trail, { deadline: Date.now() + 100 }, silentLogger);
    expect(found).toEqual({ targets, changes: [], partial: true });
    expect(trail.asked).toEqual(['api']);
  });
});

describe('the "what changed" reply', () => {
  const targets = [{ label: 'api', resourceName: 'api' }];

  it('lists each call with who and how long before, linked to its CloudTrail event, within Slack’s limits', () => {
    const message = formatChanges(
      {
        targets,
        changes: [{ target: targets[0]!, event: event('e/1', 12, { principal: '*boss* <!here>' }) }],
        partial: false,
      },
      BEFORE,
      'eu-west-1',
      false,
    )!;
    const text = JSON.stringify(message.blocks);
    expect(message.text).toBe('Changes in the hour before: 1');
    expect(text).toContain(
      '<https://eu-west-1.console.aws.amazon.com/cloudtrail/home?region=eu-west-1#/events/e%2F1|UpdateFunctionCode> on `api` by `*boss* &lt;!here&gt;`, 12 min before',
    );
    expect(messageErrors(message as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('shows ten and points to /trail for the rest; says when the list may be short', () => {
    const changes = Array.from({ length: 14 }, (_, i) => ({ target: targets[0]!, event: event(`e${i}`, i + 1) }));
    const text = JSON.stringify(formatChanges({ targets, changes, partial: true }, BEFORE, 'eu-west-1', false)!.blocks);
    expect(text.match(/UpdateFunctionCode>/g)).toHaveLength(10);
    expect(text).toContain('4 more: `/trail api --since 2h`');
    expect(text).toContain('the list may be short');
  });

  it('says nothing changed only when asked', () => {
    const none = { targets, changes: [], partial: false };
    expect(formatChanges(none, BEFORE, 'eu-west-1', false)).toBeUndefined();
    expect(formatChanges(none, BEFORE, 'eu-west-1', true)?.text).toBe(
      ':mag: No write calls on api in the hour before 2026-11-27 10:00:00 UTC.',
    );
    expect(formatChanges({ targets: [], changes: [], partial: false }, BEFORE, 'eu-west-1', true)?.text).toContain(
      'names no resource',
    );
  });

  it('reads API versions off call names', () => {
    expect(callName('UpdateFunctionConfiguration20150331v2')).toBe('UpdateFunctionConfiguration');
    expect(callName('PutItem')).toBe('PutItem');
  });
});
