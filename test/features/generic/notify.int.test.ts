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

  it('posts a notification nested 12,000 deep (issue 20, item 8), readably, as sent', async () => {
    const deep = `${'{"next":'.repeat(12_000)}"bottom"${'}'.repeat(12_000)}`;
    // As Lambda hands the function an EventBridge event: already parsed, 12,000 levels deep.
    const event = JSON.parse(
      `{"version":"0","id":"deep-1","detail-type":"Custom","source":"app","account":"111122223333","time":"2026-12-01T10:00:00Z","region":"us-east-1","resources":[],"detail":${deep}}`,
    ) as unknown;
    await app({ GRAPHS_ENABLED: 'false' }).handle(event, soon());
    const [posted] = w.slack.messages;
    expect(JSON.stringify(posted?.attachments ?? posted?.blocks)).toContain('nested too deeply to lay out');
  });

  it('posts a notification with a lone surrogate in it (issue 20, item 8) with U+FFFD in its place', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      {
        Records: [{ Sns: { MessageId: 'lone-1', Message: 'disk full on \uD83D host', Subject: 'Disk \uDC00 alert' } }],
      },
      soon(),
    );
    const [posted] = w.slack.messages;
    expect(posted?.text).toBe('Disk \uFFFD alert');
    expect(JSON.stringify(posted)).toContain('disk full on \uFFFD host');
  });
});
