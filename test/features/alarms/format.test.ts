import { classify } from '../../../src/app/classify';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import { parseEventBridgeAlarm } from '../../../src/features/alarms/parse-eventbridge';
import { type AlarmNotification } from '../../../src/features/alarms/alarm';
import type { Block, SlackMessage } from '../../../src/kernel/slack/blocks';
import { ALARM_ACTIONS, formatAlarm, formatTransition } from '../../../src/features/alarms/format';
import { describeCondition } from '../../../src/features/alarms/condition';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture, snsAlarmEvent } from '../../support/fixtures';
import { section } from '../../../src/kernel/slack/text';

function alarmOf(event: unknown): AlarmNotification {
  const n = classify(deliveriesFrom(event)[0]!);
  if (n.kind !== 'alarm') throw new Error('not an alarm');
  return n.alarm;
}

function blocksOf(message: SlackMessage): Block[] {
  return message.attachments?.[0]?.blocks ?? message.blocks ?? [];
}

function mrkdwnTexts(message: SlackMessage): string[] {
  const out: string[] = [];
  for (const b of blocksOf(message)) {
    if (b.type === 'section') {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    }
    if (b.type === 'context') for (const e of b.elements) out.push(e.text);
  }
  return out;
}

describe('formatAlarm', () => {
  it('shows state, name, reason, condition in words, account and region with its name', () => {
    const message = formatAlarm({
      alarm: alarmOf(loadFixture('rheoceros/sns-cloudwatch-alarm-metric-real-capture.json')),
    });
    const blocks = blocksOf(message);
    expect(message.attachments?.[0]?.color).toBe('#D13212');
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: ALARM: if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
        emoji: true,
      },
    });
    const texts = mrkdwnTexts(message).join('\n');
    expect(texts).toContain('*Region*\n`us-east-1` · US East (N. Virginia)');
    expect(texts).toContain('*Account*\n`427809481713`');
    expect(texts).toContain('*Changed*\n2021-11-10 02:45:55 UTC');
    expect(texts).toContain(
      '*Condition*\nSum of `sim-app_427809481713_us-east-1 IExecutionFailureHook` (MetricGroupId=routing_table.receive.hook, RouteID=metric_emitting_node) ≥ 1 for 1 consecutive period of 5 minutes',
    );
    expect(texts).toContain('OK -&gt; ALARM transition');
    expect(messageErrors(message as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('has Acknowledge, Mute (1 h, 4 h, 24 h), Show logs with stable action ids and a console link', () => {
    const message = formatAlarm({
      alarm: alarmOf(loadFixture('rheoceros/sns-cloudwatch-alarm-metric-real-capture.json')),
    });
    const actions = blocksOf(message).find((b) => b.type === 'actions');
    const elements = actions?.type === 'actions' ? actions.elements : [];
    expect(elements.map((e) => [e.action_id, e.type === 'button' ? e.text.text : e.placeholder.text])).toEqual([
      [ALARM_ACTIONS.acknowledge, 'Acknowledge'],
      [ALARM_ACTIONS.mute, 'Mute…'],
      [ALARM_ACTIONS.showLogs, 'Show logs'],
      [ALARM_ACTIONS.openConsole, 'Open in console'],
    ]);
    const mute = elements[1];
    expect(mute?.type === 'static_select' && mute.options.map((o) => o.value)).toEqual(['1h', '4h', '24h']);
    const consoleButton = elements[3];
    expect(consoleButton?.type === 'button' && consoleButton.url).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/if-sim-app_427809481713_us-east-1-metric_emitting_node_failure',
    );
  });

  it('adds a Runbook button when the alarm’s description links one (https only)', () => {
    const alarm = alarmOf(loadFixture('rheoceros/sns-cloudwatch-alarm-metric-real-capture.json'));
    const buttonsOf = (description: string) => {
      const actions = blocksOf(formatAlarm({ alarm: { ...alarm, description } })).find((b) => b.type === 'actions');
      return (actions?.type === 'actions' ? actions.elements : []).flatMap((e) =>
        e.type === 'button' && e.action_id === ALARM_ACTIONS.runbook ? [e.url] : [],
      );
    };
    expect(buttonsOf('Checkout 5xx. Runbook: https://wiki.example.com/runbooks/checkout-5xx.')).toEqual([
      'https://wiki.example.com/runbooks/checkout-5xx',
    ]);
    expect(buttonsOf('See http://wiki.example.com/plain or javascript:alert(1)')).toEqual([]);
    expect(buttonsOf('No link here')).toEqual([]);
  });

  it('turns green when resolved and grey on insufficient data, dropping Acknowledge and Mute once OK', () => {
    const ok = formatAlarm({
      alarm: alarmOf(loadFixture('notify-slack/cloudwatch-alarm-ok.json')),
      incident: { openedAt: new Date('2019-02-12T15:30:00Z'), transitions: 2, flaps: 0, wasAlarming: true },
    });
    expect(ok.attachments?.[0]?.color).toBe('#2EB67D');
    expect(blocksOf(ok)[0]).toMatchObject({ text: { text: ':large_green_circle: RESOLVED: DBMigrationRequired' } });
    expect(JSON.stringify(ok)).not.toContain(ALARM_ACTIONS.acknowledge);

    const grey = formatAlarm({
      alarm: { ...alarmOf(loadFixture('notify-slack/cloudwatch-alarm-ok.json')), state: 'INSUFFICIENT_DATA' },
    });
    expect(grey.attachments?.[0]?.color).toBe('#9CA3AF');
    expect(blocksOf(grey)[0]).toMatchObject({
      text: { text: ':white_circle: INSUFFICIENT DATA: DBMigrationRequired' },
    });
  });

  it('shows who acknowledged in a line of its own while firing, and keeps it with the duration once resolved', () => {
    const firing = alarmOf(loadFixture('aws-lambda-go/sns-cloudwatch-alarm-metric.json'));
    const openedAt = new Date('2026-11-27T10:48:00Z');
    const ack = { ackBy: 'U0RILEY01', ackAt: new Date('2026-11-27T11:02:00Z') };
    const acked = formatAlarm({
      alarm: firing,
      incident: { openedAt, transitions: 1, flaps: 0, wasAlarming: true, ...ack },
    });
    // A section under the header, not a grey context line at the foot.
    expect(blocksOf(acked)[1]).toEqual(section(':eyes: Acknowledged by <@U0RILEY01> at 11:02 UTC'));
    expect(JSON.stringify(blocksOf(acked).filter((b) => b.type === 'context'))).not.toContain('Acknowledged');

    const ok = alarmOf(loadFixture('notify-slack/cloudwatch-alarm-ok.json'));
    const resolvedAt = new Date(openedAt.getTime() + 14 * 60_000);
    const resolved = formatAlarm({
      alarm: { ...ok, stateChangeTime: resolvedAt },
      incident: { openedAt, transitions: 2, flaps: 0, wasAlarming: true, ...ack },
    });
    expect(blocksOf(resolved)[1]).toEqual(
      section(':white_check_mark: Resolved after 14 min · acknowledged by <@U0RILEY01> at 11:02 UTC'),
    );
    const unacked = formatAlarm({
      alarm: { ...ok, stateChangeTime: resolvedAt },
      incident: { openedAt, transitions: 2, flaps: 0, wasAlarming: true },
    });
    expect(blocksOf(unacked)[1]).toEqual(section(':white_check_mark: Resolved after 14 min'));
  });

  it('describes metric math, anomaly bands and composite rules in words', () => {
    expect(describeCondition(alarmOf(loadFixture('aws-lambda-go/cloudwatch-alarm-metric-math.json')))).toBe(
      '`e1 = m1*1` &gt; 0 for 1 consecutive period of 1 minute, where `m1` = Average of `AWS/EC2 NetworkOut` (InstanceId=TestInstance)',
    );
    expect(describeCondition(alarmOf(loadFixture('lamplighter/sns-cloudwatch-alarm-anomaly-detection.json')))).toBe(
      'Average of `AWS/EC2 CPUUtilization` (InstanceId=i-0abc1234def567890) outside the band `ANOMALY_DETECTION_BAND(m1, 2)` for 1 consecutive period of 5 minutes',
    );
    const composite = formatAlarm({ alarm: alarmOf(loadFixture('rheoceros/cloudwatch-alarm-composite.json')) });
    const texts = mrkdwnTexts(composite).join('\n');
    expect(texts).toContain(
      '*Condition*\nComposite rule `ALARM(arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure) OR ALARM(',
    );
    expect(texts).toContain(
      '*Triggered by*\n• <https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/if-sim-app_427809481713_us-east-1-metric_emitting_node_failure|if-sim-app_427809481713_us-east-1-metric_emitting_node_failure> is ALARM since 2021-11-10 02:45:55 UTC',
    );
  });

  it('escapes mentions and links in description, reason, dimensions and log lines', () => {
    const alarm = alarmOf(
      snsAlarmEvent('lamplighter/sns-cloudwatch-alarm-log-metric.json', (a) => {
        a.AlarmDescription =
          'Wake up <!channel> & <@U024BE7LH> <!subteam^SAZ94GDB8> see <https://evil.example|AWS console>';
        a.NewStateReason = 'reason <!here>';
        (a.Trigger as { Statistic: string }).Statistic = '<!channel> <https://evil.example|click>';
        (a.Trigger as { Dimensions: unknown[] }).Dimensions = [{ name: 'Service', value: '<!everyone>' }];
      }),
    );
    const message = formatAlarm({
      alarm,
      logs: {
        logGroup: '/app/<!channel>',
        filterPattern: '404',
        window: { start: new Date('2026-11-27T21:35:00Z'), end: new Date('2026-11-27T21:45:00Z') },
        lines: [
          {
            timestamp: new Date('2026-11-27T21:44:01Z'),
            logGroup: '/app',
            stream: 'web-1',
            message: 'GET /x 404 ``` <!channel> ```',
          },
        ],
        complete: true,
      },
    });
    const texts = mrkdwnTexts(message);
    const all = texts.join('\n');
    for (const raw of [
      '<!channel>',
      '<@U024BE7LH>',
      '<!subteam^SAZ94GDB8>',
      '<https://evil.example',
      '<!here>',
      '<!everyone>',
      '<https://evil.example|click>',
    ]) {
      expect(all).not.toContain(raw);
    }
    expect(all).toContain(
      'Wake up &lt;!channel&gt; &amp; &lt;@U024BE7LH&gt; &lt;!subteam^SAZ94GDB8&gt; see &lt;https://evil.example|AWS console&gt;',
    );
    // The log line cannot close the code block early: exactly one fence opens and one closes.
    const code = texts.find((t) => t.startsWith('```'));
    expect(code?.match(/```/g)).toHaveLength(2);
    expect(code).toContain('GET /x 404 `\u200b`\u200b` &lt;!channel&gt;');
  });

  it('cuts an oversize description visibly, links to the full text, and stays inside every Slack limit', () => {
    const alarm = alarmOf(
      snsAlarmEvent('lamplighter/sns-cloudwatch-alarm-log-metric.json', (a) => {
        a.AlarmName = 'n'.repeat(255);
        a.AlarmDescription = 'd&'.repeat(2500);
        a.NewStateReason = 'r'.repeat(5000);
      }),
    );
    const message = formatAlarm({
      alarm,
      logs: {
        logGroup: '/app',
        filterPattern: '404',
        window: { start: new Date('2026-11-27T21:35:00Z'), end: new Date('2026-11-27T21:45:00Z') },
        lines: Array.from({ length: 50 }, (_, i) => ({
          timestamp: new Date('2026-11-27T21:44:01Z'),
          logGroup: '/app',
          stream: 's',
          message: `line ${i} ` + 'x'.repeat(200),
        })),
        complete: false,
      },
    });
    expect(messageErrors(message as unknown as Record<string, unknown>)).toEqual([]);
    const description = mrkdwnTexts(message)[0] ?? '';
    expect(description.length).toBeLessThanOrEqual(3000);
    expect(description).toMatch(
      /… _\(cut; <https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#alarmsV2:alarm\/n+\|full text in the AWS console>\)_$/,
    );
    // The cut never leaves half an entity ("&am") before the note.
    expect(description).not.toMatch(/&[a-z#0-9]{0,4} … _\(cut/);
    expect(mrkdwnTexts(message).join('\n')).toContain('*50 matching log lines* (more matched than were read)');
    const logs = mrkdwnTexts(message).find((t) => t.includes('```')) ?? '';
    expect(logs).toContain('line 49 ');
    expect(logs).toContain('earlier lines cut');
    expect((blocksOf(message)[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('text cutting', () => {
  it('cuts a header by code points, never leaving half an emoji', () => {
    const alarm = alarmOf(
      snsAlarmEvent('lamplighter/sns-cloudwatch-alarm-log-metric.json', (a) => (a.AlarmName = '🔥'.repeat(100))),
    );
    const headerText = (blocksOf(formatAlarm({ alarm }))[0] as { text: { text: string } }).text.text;
    expect(headerText.length).toBeLessThanOrEqual(150);
    expect(headerText).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(headerText.endsWith('🔥…')).toBe(true);
  });

  it('describes an EventBridge alarm without inventing evaluation settings it did not carry', () => {
    const alarm = parseEventBridgeAlarm(loadFixture('awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json'));
    expect(describeCondition(alarm!)).not.toMatch(/compared with|consecutive period/);
  });
});

describe('formatTransition', () => {
  it('says what changed, when, and for how long it had been in the previous state', () => {
    const alarm = alarmOf(loadFixture('notify-slack/cloudwatch-alarm-ok.json'));
    const reply = formatTransition(alarm, { state: 'ALARM', since: new Date('2019-02-12T15:33:24.006Z') });
    expect(reply.blocks?.[0]).toMatchObject({
      type: 'section',
      text: {
        text: expect.stringContaining(':large_green_circle: *OK* at 2019-02-12 15:45:24 UTC after 12 min in ALARM'),
      },
    });
  });
});
