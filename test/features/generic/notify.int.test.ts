import { loadFixture } from '../../support/fixtures';
import { app, soon, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

describe('whatever is not an alarm is still posted, readably', () => {
  it('posts what is not an alarm as a readable generic message: plain text, broken JSON, other JSON', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const broken = loadFixture<{ Records: Array<{ Sns: { Message: string; MessageId: string } }> }>(
      'aws-lambda-go/sns-cloudwatch-alarm-metric.json',
    );
    broken.Records[0]!.Sns.Message = broken.Records[0]!.Sns.Message.slice(0, 200);
    broken.Records[0]!.Sns.MessageId = 'broken-1';
    await notifier.handle(loadFixture('notify-slack/sns-plain-text-message.json'), soon());
    await notifier.handle(broken, soon());
    await notifier.handle(loadFixture('notify-slack/sns-eventbridge-glue-job-state-change.json'), soon());
    expect(w.slack.messages.map((m) => m.text)).toEqual(['All Fine', 'TestInvoke', 'Glue Job State Change (aws.glue)']);
    expect(JSON.stringify(w.slack.messages[1]?.attachments)).toContain('does not parse');
  });

  it('attaches the whole of a huge non-alarm message as a file in the thread', async () => {
    const body = JSON.stringify({ records: Array.from({ length: 400 }, (_, i) => ({ i, detail: 'x'.repeat(50) })) });
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      { Records: [{ Sns: { MessageId: 'huge-1', Message: body, Subject: 'Bulk report' } }] },
      soon(),
    );
    const [posted] = w.slack.messages;
    expect(w.slack.files).toEqual([expect.objectContaining({ filename: 'message.json', threadTs: posted?.ts })]);
    expect(JSON.parse(w.slack.files[0]!.content.toString('utf8'))).toEqual(JSON.parse(body));
  });
});
