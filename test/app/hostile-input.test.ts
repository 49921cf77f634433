/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are bent in place, at any depth */
import { classify } from '../../src/app/classify';
import { renderInput } from '../../src/app/render';
import { formatAlarm } from '../../src/features/alarms/format';
import type { LogExcerpt } from '../../src/features/alarms/log-excerpt';
import { formatSearchResult } from '../../src/features/logs/format';
import { deliveriesFrom } from '../../src/kernel/envelopes/sns';
import type { SlackMessage } from '../../src/kernel/slack/blocks';
import { button, codeBlock, fitMrkdwn } from '../../src/kernel/slack/text';
import { CUT_MARK, MAX_UNTRUSTED } from '../../src/kernel/untrusted';
import { messageErrors } from '../../src/sandbox/block-limits';
import { loadFixture } from '../support/fixtures';
import { LITERAL_BACKTICK } from '../../src/kernel/slack/literal';

/**
 * Payloads bent the ways the fuzzing in issue 10 bent them: keys that name Object's built-ins,
 * values that are objects where text was expected, and long runs that made regexes crawl. Each
 * must render readably: no throw, no "$NaN", no function source, nothing lost.
 */
const render = async (input: unknown) => JSON.stringify(await renderInput(input));
const clean = (out: string) => {
  expect(out).not.toMatch(/NaN|function |\[native code\]|undefined\/month/);
  return out;
};

describe('hostile and broken input still renders', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'an alarm whose region, comparison and statistic are %j',
    async (word) => {
      const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
        'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
      );
      const alarm = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, any>;
      alarm.Region = word;
      alarm.AlarmArn = `arn:${word}:cloudwatch:${word}:123456789012:alarm:x`;
      alarm.Trigger.ComparisonOperator = word;
      alarm.Trigger.Statistic = word;
      event.Records[0]!.Sns.Message = JSON.stringify(alarm);
      expect(clean(await render(event))).toContain(alarm.AlarmName);
    },
  );

  it.each(['constructor', '__proto__', 'valueOf'])('a RunInstances of type %j is "price unknown"', async (type) => {
    const record = loadFixture<Record<string, any>>('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
    record.requestParameters.instanceType = type;
    record.responseElements.instancesSet.items.forEach((i: Record<string, unknown>) => (i.instanceType = type));
    expect(clean(await render(record))).toContain('price unknown');
  });

  it('a sign-in whose MFAUsed is an object, and a trail name that is one', async () => {
    const signin = loadFixture<{ detail: Record<string, any> }>(
      'awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json',
    );
    signin.detail.additionalEventData.MFAUsed = { toString: 'x' };
    expect(clean(await render(signin))).toContain('toString');
    const stop = loadFixture<Record<string, any>>('cloudtrail-to-slack/cloudtrail-record-cloudtrail-stop-logging.json');
    stop.requestParameters.name = { toString: 'x' };
    expect(clean(await render(stop))).toContain('CloudTrail');
  });

  it('a Budgets message padded with 80 KB of blank lines', async () => {
    const text = `AWS Budget Notification December 1, 2026\n${' \n'.repeat(40_000)}Budget Name: team-ml\nAlert Type: ACTUAL\nACTUAL Amount: $850.12\n`;
    expect(clean(await render(text))).toContain('team-ml');
  });

  it('a TreatMissingData of 60 KB, and a code block of 6 KB of scattered spaces', async () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
    );
    const alarm = JSON.parse(event.Records[0]!.Sns.Message) as { Trigger: Record<string, unknown> };
    alarm.Trigger.TreatMissingData = 'a'.repeat(60_000) + '!';
    event.Records[0]!.Sns.Message = JSON.stringify(alarm);
    clean(await render(event));
    const spaced = Array.from({ length: 3000 }, (_, i) => `${i}  `).join('');
    expect(codeBlock(spaced + '   \n\n', 3000)).toMatch(/^_\(earlier lines cut\)_\n```\n[\s\S]*2999\n```$/);
  });

  it('JSON nested 12,000 deep is posted as sent, readably', async () => {
    const deep = '['.repeat(12_000) + ']'.repeat(12_000);
    expect(clean(await render(deep))).toContain('nested too deeply');
  });

  it('a count too large to price says so, not "$∞" or "$NaN"', async () => {
    const record = loadFixture<Record<string, any>>('awsdocs/eventbridge-cloudtrail-redshift-createcluster.json');
    Object.assign(record.detail.requestParameters, { nodeType: 'ra3.4xlarge', numberOfNodes: 1e308 });
    record.detail.awsRegion = 'us-east-1';
    const out = clean(await render(record));
    expect(out).not.toMatch(/∞|Infinity/);
    expect(out).toContain('not a number to price');
  });

  it('backticks in a statistic or a dimension cannot open a code span', async () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
    );
    const alarm = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, any>;
    alarm.Trigger.Statistic = 'Sum`';
    alarm.Trigger.Dimensions = [{ name: 'Route`', value: '`<!channel>' }];
    event.Records[0]!.Sns.Message = JSON.stringify(alarm);
    const condition = (
      JSON.parse(await render(event)) as Array<{ attachments: Array<{ blocks: Array<{ text?: { text: string } }> }> }>
    )[0]!.attachments[0]!.blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('*Condition*'))!;
    // The only backticks that can pair are those around the metric's name; the payload's own
    // are drawn as backticks inside a date fallback, which opens no code span.
    expect(condition.split(LITERAL_BACKTICK).join('').match(/`/g)).toHaveLength(2);
    expect(condition).toContain(LITERAL_BACKTICK);
    expect(condition).toContain('&lt;!channel&gt;');
  });

  it('a button link longer than Slack allows is left off; the button stays', async () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'rheoceros/sns-cloudwatch-alarm-metric-real-capture.json',
    );
    const alarm = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, any>;
    alarm.AlarmName = 'x'.repeat(3000);
    alarm.AlarmArn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarm.AlarmName}`;
    event.Records[0]!.Sns.Message = JSON.stringify(alarm);
    const buttons = (
      JSON.parse(await render(event)) as Array<{
        attachments: Array<{ blocks: Array<{ elements?: Array<{ url?: string; action_id?: string }> }> }>;
      }>
    )[0]!.attachments[0]!.blocks.flatMap((b) => b.elements ?? []);
    expect(buttons.some((e) => e.action_id === 'alarm_open_console')).toBe(true);
    expect(buttons.every((e) => (e.url ?? '').length <= 3000)).toBe(true);
  });
});

describe('cuts never split an emoji', () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  it.each([0, 1])('emoji after %i plain characters, cut to fit a section, a code block and a button value', (off) => {
    const text = 'x'.repeat(off) + '🔥'.repeat(2000);
    expect(fitMrkdwn(text, 2999)).not.toMatch(lone);
    expect(fitMrkdwn(text, 3000)).not.toMatch(lone);
    expect(codeBlock(text, 1001)).not.toMatch(lone);
    expect(codeBlock(text, 1000)).not.toMatch(lone);
    expect(button('b', 'label', { value: text }).value).not.toMatch(lone);
  });
});

/** The lines of the message's log code block (between the fences). */
function codeLines(message: SlackMessage): string[] {
  const blocks = message.attachments?.[0]?.blocks ?? message.blocks ?? [];
  const text = blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : '')).find((t) => t.includes('```'));
  return (text ?? '').split('```')[1]!.split('\n').filter(Boolean);
}

describe('a 160,000-character log line (issue 20, item 1)', () => {
  // A run of spaces that does not end the line: /\s+$/ took 13 s on one such line, 60 s on ten.
  const hostile = 'a' + ' '.repeat(159_998) + 'b';
  const wordy = 'ERROR '.repeat(27_000);

  it('ten of them behind an alarm: each shown cut at the documented bound, the message within Slack limits', () => {
    const event = loadFixture('rheoceros/sns-cloudwatch-alarm-metric-real-capture.json');
    const n = classify(deliveriesFrom(event)[0]!);
    if (n.kind !== 'alarm') throw new Error('not an alarm');
    const at = (s: number) => new Date(Date.UTC(2021, 10, 10, 2, 45, s));
    const logs: LogExcerpt = {
      logGroup: '/app/api',
      filterPattern: 'ERROR',
      window: { start: at(0), end: at(59) },
      lines: Array.from({ length: 10 }, (_, i) => ({
        timestamp: at(i),
        logGroup: '/app/api',
        stream: 's1',
        message: i === 0 ? wordy : hostile,
      })),
      complete: true,
    };
    const message = formatAlarm({ alarm: n.alarm, logs });
    // The newest lines are kept: nine hostile ones, each its start and a visible cut.
    expect(codeLines(message)).toEqual(Array.from({ length: 9 }, (_, i) => `02:45:0${i + 1} s1  a${CUT_MARK}`));
    expect(JSON.stringify(message)).toContain('earlier lines cut');
    expect(messageErrors(message as never)).toEqual([]);
  });

  it('a long line of words is cut visibly at the documented bound', () => {
    const start = new Date('2026-12-01T10:00:00Z');
    const lines = [{ timestamp: start.getTime(), stream: 'web', message: wordy }];
    const reply = formatSearchResult(
      {
        group: '/app/api',
        pattern: '',
        start,
        end: start,
        rangeLabel: '1h',
        lines,
        allLines: lines,
        matched: 1,
        complete: true,
        limit: 50,
      },
      { partition: 'aws', region: 'us-east-1' },
    );
    const shown = JSON.stringify(reply.message);
    expect(shown).toMatch(/ERROR ERROR…\\n```/);
    expect(shown.length).toBeLessThan(MAX_UNTRUSTED + 2000);
    // The file has every line read, whole.
    expect(reply.file?.content).toBe(`2026-12-01 10:00:00 web  ${wordy.trimEnd()}\n`);
  });

  it('in a /logs answer: shown cut in the message, whole in the attached file', () => {
    const start = new Date('2026-12-01T10:00:00Z');
    const lines = [
      { timestamp: start.getTime(), stream: 'web', message: hostile },
      { timestamp: start.getTime() + 1000, stream: 'web', message: 'short line   ' },
    ];
    const reply = formatSearchResult(
      {
        group: '/app/api',
        pattern: '',
        start,
        end: start,
        rangeLabel: '1h',
        lines,
        allLines: lines,
        matched: 2,
        complete: true,
        limit: 50,
      },
      { partition: 'aws', region: 'us-east-1' },
    );
    expect(codeLines(reply.message)).toEqual([
      `2026-12-01 10:00:00 web  a${CUT_MARK}`,
      '2026-12-01 10:00:01 web  short line',
    ]);
    expect(messageErrors(reply.message as never)).toEqual([]);
    expect(reply.file?.content.split('\n')[0]).toBe(`2026-12-01 10:00:00 web  ${hostile}`);
  });
});

describe('a notification nested 12,000 deep (issue 20, item 8)', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 12_000; i++) deep = { next: deep };

  it.each([
    [
      'an EventBridge event delivered to the function',
      {
        version: '0',
        id: 'e1',
        'detail-type': 'Custom',
        source: 'app',
        account: '111122223333',
        time: '2026-12-01T10:00:00Z',
        region: 'us-east-1',
        resources: [],
        detail: deep,
      },
    ],
    ['a Lambda SNS event whose record is not SNS', { Records: [{ EventSource: 'aws:sns', Sns: deep }] }],
    ['any JSON', { deep }],
  ])('%s is posted, readably', async (_, input) => {
    const messages = await renderInput(input);
    expect(messages).toHaveLength(1);
    const out = JSON.stringify(messages[0]);
    expect(out).toContain('nested too deeply');
    expect(messageErrors(messages[0] as never)).toEqual([]);
  });
});
