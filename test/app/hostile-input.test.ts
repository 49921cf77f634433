/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are bent in place, at any depth */
import { renderInput } from '../../src/app/render';
import { button, codeBlock, fitMrkdwn } from '../../src/kernel/slack/text';
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
