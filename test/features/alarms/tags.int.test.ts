import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { parseRoutes } from '../../../src/config/routes';
import { ConfigError } from '../../../src/kernel/errors';
import { alarmEvent, app, headerOf, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

const ACCOUNT = '123456789012';
const cloudwatch = new CloudWatchClient({});

/** A real alarm in moto with these tags; its notifications name it by its ARN. */
async function taggedAlarm(name: string, tags: Record<string, string>) {
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      MetricName: 'Errors',
      Namespace: 'App',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return (a: Record<string, unknown>) => {
    a.AlarmArn = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;
    a.AWSAccountId = ACCOUNT;
  };
}

const ROUTES = JSON.stringify([{ name: 'payments team', channel: 'C0PAYMENTS', tag: { team: 'payments' } }]);

describe('alarm tags', () => {
  it('routes by tag, and shows the owner and a Runbook button from the alarm’s tags', async () => {
    const edit = await taggedAlarm('settle-errors', {
      team: 'payments',
      Owner: 'S0PAYONCALL',
      runbook: 'https://wiki.example.com/runbooks/settle',
    });
    await app({ LAMPLIGHTER_ROUTES: ROUTES }).handle(
      alarmEvent('settle-errors', 'ALARM', w.clock, 'tag-1', edit),
      soon(),
    );
    const [message] = topLevel('C0PAYMENTS');
    expect(message).toBeDefined();
    const shown = JSON.stringify(message!.attachments);
    expect(shown).toContain('*Owner*\\n<!subteam^S0PAYONCALL>');
    expect(shown).toContain('"url":"https://wiki.example.com/runbooks/settle"');
    // A later change has no tags of its own: the message keeps them.
    await app({ LAMPLIGHTER_ROUTES: ROUTES }).handle(
      alarmEvent('settle-errors', 'OK', new Date(w.clock.getTime() + 60_000), 'tag-2', edit),
      soon(),
    );
    const resolved = w.slack.message(message!.channel, message!.ts)!;
    expect(headerOf(resolved)?.blocks[0]?.text?.text).toContain('RESOLVED');
    expect(JSON.stringify(resolved.attachments)).toContain('<!subteam^S0PAYONCALL>');
  });

  it('escapes an owner that is not a Slack id', async () => {
    const edit = await taggedAlarm('ledger-errors', { owner: '<!channel> *ledger team*' });
    await app().handle(alarmEvent('ledger-errors', 'ALARM', w.clock, 'tag-3', edit), soon());
    const shown = JSON.stringify(topLevel()[0]!.attachments);
    expect(shown).toContain('*Owner*\\n&lt;!channel&gt; *ledger team*');
  });

  it('routes an alarm without the rule’s tag to the default channel, and reads nothing with ALARM_TAGS=false', async () => {
    const edit = await taggedAlarm('untagged-errors', { team: 'ledger' });
    await app({ LAMPLIGHTER_ROUTES: ROUTES }).handle(
      alarmEvent('untagged-errors', 'ALARM', w.clock, 'tag-4', edit),
      soon(),
    );
    expect(topLevel()).toHaveLength(1);
    expect(topLevel('C0PAYMENTS')).toEqual([]);
    const off = await taggedAlarm('tags-off-errors', { team: 'payments', owner: 'U0OWNER001' });
    await app({ LAMPLIGHTER_ROUTES: ROUTES, ALARM_TAGS: 'false' }).handle(
      alarmEvent('tags-off-errors', 'ALARM', w.clock, 'tag-5', off),
      soon(),
    );
    expect(topLevel('C0PAYMENTS')).toEqual([]);
    expect(JSON.stringify(topLevel()[1]!.attachments)).not.toContain('Owner');
  });

  it('refuses a tag rule with no tag, naming the entry', () => {
    expect(() => parseRoutes(JSON.stringify([{ channel: 'C0PAYMENTS', tag: {} }]))).toThrow(
      new ConfigError('LAMPLIGHTER_ROUTES[0].tag', 'names at least one tag'),
    );
  });
});
