import type { AlarmNotification } from '../../../src/features/alarms/alarm';
import { tagValue, withTags, type AlarmTagsSource } from '../../../src/features/alarms/tags';
import { jsonLogger } from '../../../src/kernel/log';

const alarm: AlarmNotification = {
  kind: 'metric',
  alarmName: 'a',
  alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a',
  accountId: '123456789012',
  partition: 'aws',
  region: 'us-east-1',
  state: 'ALARM',
  reason: 'r',
};

describe('an alarm’s tags', () => {
  it('are read once per incident and found by any spelling of their key', async () => {
    const source: AlarmTagsSource = { tagsOf: async () => ({ Owner: ' U0OWNER001 ', runbook: '' }) };
    const tagged = await withTags(
      alarm,
      source,
      jsonLogger(() => undefined),
    );
    expect(tagValue(tagged, 'owner')).toBe('U0OWNER001');
    expect(tagValue(tagged, 'runbook')).toBeUndefined();
  });

  it('never cost the alert: a failing or slow source leaves the alarm untagged, and says why in the log', async () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l));
    const failing: AlarmTagsSource = {
      tagsOf: async () => {
        throw new Error('AccessDenied: cloudwatch:ListTagsForResource');
      },
    };
    const slow: AlarmTagsSource = {
      tagsOf: () => new Promise((resolve) => setTimeout(() => resolve({ team: 'x' }), 3000).unref()),
    };
    expect(await withTags(alarm, failing, log)).toBe(alarm);
    expect(await withTags(alarm, slow, log)).toBe(alarm);
    expect(lines.filter((l) => l.includes('could not read the alarm’s tags'))).toHaveLength(2);
    expect(lines.join('\n')).toContain('ListTagsForResource took longer than 1500 ms');
  });
});
