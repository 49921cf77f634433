import { classify } from '../../../src/app/classify';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import { formatGeneric, genericBodyFits } from '../../../src/features/generic/format';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture } from '../../support/fixtures';

function genericOf(input: unknown) {
  const n = classify(deliveriesFrom(input)[0]!);
  if (n.kind !== 'generic') throw new Error('expected a generic notification');
  return n.generic;
}

const texts = (m: ReturnType<typeof formatGeneric>) => JSON.stringify(m.attachments?.[0]?.blocks);

describe('messages that are not alarms are still posted, readably', () => {
  it('plain text keeps its subject as the title and its lines', () => {
    const generic = genericOf(loadFixture('notify-slack/sns-plain-text-message.json'));
    const message = formatGeneric(generic);
    expect(message.text).toBe('All Fine');
    expect(texts(message)).toContain('This\\nis\\na typical multi-line\\nmessage from SNS!');
    expect(texts(message)).toContain('from arn:aws:sns:us-gov-west-1:123456789012:ExampleTopic');
  });

  it("another service's JSON is pretty-printed in a code block", () => {
    const message = formatGeneric(genericOf(loadFixture('notify-slack/sns-dms-notification.json')));
    expect(texts(message)).toContain('```\\n{\\n  \\"Event Source\\": \\"replication-task\\"');
  });

  it('an EventBridge event inside SNS is titled by its detail-type and source', () => {
    const generic = genericOf(loadFixture('notify-slack/sns-eventbridge-glue-job-state-change.json'));
    expect(generic).toMatchObject({
      title: 'Glue Job State Change (aws.glue)',
      accountId: '000000000000',
      region: 'us-east-2',
    });
  });

  it('shows an unknown event’s source, type and identifying fields before its JSON', () => {
    const message = formatGeneric(genericOf(loadFixture('notify-slack/sns-eventbridge-glue-job-state-change.json')));
    const blocks = message.attachments![0]!.blocks;
    const fields = (blocks[1] as { fields?: Array<{ text: string }> }).fields?.map((f) => f.text);
    expect(fields).toEqual([
      '*Source*\naws.glue',
      '*Event*\nGlue Job State Change',
      '*jobName*\ntest_job',
      '*state*\nFAILED',
      '*jobRunId*\njr_ca2144d747b45ad412d3c66a1b6934b6b27aa252be9a21a95c54dfaa224a1925',
    ]);
    expect(JSON.stringify(blocks[2])).toContain('```');
  });

  it('truncated JSON is shown as sent, with a note saying it did not parse', () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'aws-lambda-go/sns-cloudwatch-alarm-metric.json',
    );
    event.Records[0]!.Sns.Message = event.Records[0]!.Sns.Message.slice(0, 120);
    const message = formatGeneric(genericOf(event));
    expect(texts(message)).toContain('looks like JSON but does not parse');
    expect(texts(message)).toContain('{\\"AlarmName\\": \\"EXAMPLE\\"');
  });

  it('escapes mentions in plain text bodies', () => {
    const message = formatGeneric(
      genericOf({ Type: 'Notification', MessageId: 'm-1', Message: 'deploy done <!channel> <@U1>' }),
    );
    expect(texts(message)).toContain('deploy done &lt;!channel&gt; &lt;@U1&gt;');
    expect(texts(message)).not.toContain('<!channel>');
  });

  it('a huge body is cut inside the limits and says the whole message is in the thread', () => {
    const huge = {
      Type: 'Notification',
      MessageId: 'm-2',
      Message: JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ i, v: 'x'.repeat(40) })) }),
    };
    const generic = genericOf(huge);
    expect(genericBodyFits(generic)).toBe(false);
    const message = formatGeneric(generic, { fullBodyAttached: true });
    expect(messageErrors(message as unknown as Record<string, unknown>)).toEqual([]);
    expect(texts(message)).toMatch(/cut after \d+ of \d+ lines; the whole message is attached in the thread/);
  });
});
