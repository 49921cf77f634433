import { loadFixture } from '../../support/fixtures';
import { app, DEFAULT_CHANNEL, headerOf, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

describe('AWS service events through the notifier', () => {
  it('posts a GuardDuty finding from the alarms topic as its own message, once however often SNS delivers it', async () => {
    const event = loadFixture('aws-to-slack/sns-guardduty-finding-full.json');
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const [outcome] = await notifier.handle(event, soon());
    expect(outcome).toMatchObject({ action: 'event', channel: DEFAULT_CHANNEL });
    await notifier.handle(event, soon());
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(topLevel()[0])?.blocks[0]?.text?.text).toMatch(/^:large_blue_circle: GuardDuty LOW: /);
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it("posts AWS Backup's own plain-text notifications formatted, each a message of its own", async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const outcomes = await notifier.handle(loadFixture('notify-slack/sns-backup-notifications.json'), soon());
    // The first three share one SNS MessageId in the fixture: at most once, the first is posted.
    expect(outcomes.map((o) => o.action)).toEqual(['event', 'duplicate', 'duplicate', 'event']);
    expect(topLevel().map((m) => m.text)).toEqual([
      'AWS Backup: Backup job for vol-012f345df6789012e COMPLETED',
      'AWS Backup: Copy job FAILED',
    ]);
  });

  it('posts an AWS Health event that arrives straight from EventBridge', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      loadFixture('notify-slack/eventbridge-aws-health-event.json'),
      soon(),
    );
    expect(topLevel().map((m) => m.text)).toEqual(['AWS Health OPEN · EC2: Instance store drive performance degraded']);
  });

  it('edits a finding’s message when GuardDuty updates it, and says so in its thread', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const finding = loadFixture<Record<string, { service: Record<string, unknown> }>>(
      'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json',
    );
    await notifier.handle(finding, soon());
    const update = structuredClone(finding);
    update.detail!.service.count = 12;
    update.detail!.service.eventLastSeen = '2026-11-30T22:05:00.000Z';
    (update as Record<string, unknown>).id = 'a-later-event-of-the-same-finding';
    await notifier.handle(update, soon());
    const [message] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(message!.updates).toBe(1);
    expect(JSON.stringify(message!.attachments)).toContain('*Count*\\n12');
    expect(w.slack.thread(DEFAULT_CHANNEL, message!.ts).map((m) => m.text)).toEqual([
      ':repeat: Seen again (12 times in all), last at 2026-11-30 22:05:00 UTC · severity HIGH',
    ]);
  });

  it('turns a Health event’s message green when it closes', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const open = loadFixture<Record<string, Record<string, unknown>>>('notify-slack/eventbridge-aws-health-event.json');
    // An event of its own (the suite shares one table): a new id and event ARN.
    (open as Record<string, unknown>).id = 'the-opening-event';
    open.detail!.eventArn =
      'arn:aws:health:us-west-2::event/EC2/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED/closing';
    await notifier.handle(open, soon());
    const closed = structuredClone(open);
    closed.detail!.statusCode = 'closed';
    closed.detail!.endTime = 'Sat, 05 Jun 2016 18:40:00 GMT';
    (closed as Record<string, unknown>).id = 'the-closing-event';
    await notifier.handle(closed, soon());
    const [message] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(message!.text).toBe('AWS Health CLOSED · EC2: Instance store drive performance degraded');
    expect(headerOf(message)?.color).toBe('#2EB67D');
    expect(w.slack.thread(DEFAULT_CHANNEL, message!.ts).map((m) => m.text)).toEqual([
      ':large_green_circle: Now CLOSED, ended 2016-06-05 18:40:00 UTC',
    ]);
  });

  it('posts one Health event that affects two accounts once for each, each with its own resources', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    // One Health event has the same ARN in every account it affects.
    const inAccount = (account: string, instance: string) => {
      const e = loadFixture<Record<string, Record<string, unknown>>>('notify-slack/eventbridge-aws-health-event.json');
      Object.assign(e, { id: `health-in-${account}`, account, resources: [instance] });
      e.detail!.eventArn =
        'arn:aws:health:us-west-2::event/EC2/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED/shared';
      e.detail!.affectedEntities = [{ entityValue: instance }];
      return e;
    };
    await notifier.handle(inAccount('222222222222', 'i-0aaaa1111team0a'), soon());
    await notifier.handle(inAccount('333333333333', 'i-0bbbb2222team0b'), soon());
    const shown = topLevel().map((m) => JSON.stringify(m.attachments));
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain('i-0aaaa1111team0a');
    expect(shown[0]).toContain('222222222222');
    expect(shown[1]).toContain('i-0bbbb2222team0b');
    expect(shown[1]).toContain('333333333333');
    expect(shown[0]).not.toContain('i-0bbbb2222team0b');
    expect(topLevel().map((m) => m.updates)).toEqual([0, 0]);
  });

  it('a finding of the same id in another account is a message of its own, not an edit of the first', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const inAccount = (account: string, title: string) => {
      const f = loadFixture<Record<string, Record<string, unknown>>>(
        'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json',
      );
      Object.assign(f, { id: `finding-in-${account}`, account });
      Object.assign(f.detail!, { id: 'same-finding-id-in-both', accountId: account, title });
      return f;
    };
    await notifier.handle(inAccount('222222222222', 'Finding of team A'), soon());
    await notifier.handle(inAccount('333333333333', 'Finding of team B'), soon());
    const [a, b] = topLevel();
    expect(topLevel()).toHaveLength(2);
    expect(a!.updates).toBe(0);
    expect(JSON.stringify(a!.attachments)).toContain('Finding of team A');
    expect(JSON.stringify(b!.attachments)).toContain('Finding of team B');
  });

  it('posts an event whose answer was lost once: the retry finds its message instead of posting it twice', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const event = loadFixture<Record<string, unknown>>(
      'aws-to-slack/eventbridge-codepipeline-execution-state-change.json',
    );
    event.id = 'a-pipeline-event-whose-answer-is-lost';
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    await notifier.handle(event, soon());
    expect(topLevel()).toHaveLength(1);
    expect(w.slack.callsTo('conversations.history')).toHaveLength(1);
  });

  it('says a finding was updated in its thread once, even when that reply’s answer was lost', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    const finding = loadFixture<Record<string, { id: string; service: Record<string, unknown> }>>(
      'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json',
    );
    finding.detail!.id = 'a-finding-whose-update-reply-is-lost';
    (finding as Record<string, unknown>).id = 'the-finding-whose-update-reply-is-lost';
    await notifier.handle(finding, soon());
    const update = structuredClone(finding);
    update.detail!.service.count = 3;
    (update as Record<string, unknown>).id = 'the-update-whose-reply-is-lost';
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    await notifier.handle(update, soon());
    const [message] = topLevel();
    expect(w.slack.thread(DEFAULT_CHANNEL, message!.ts).map((m) => m.text)).toEqual([
      expect.stringMatching(/^:repeat: Seen again \(3 times in all\)/),
    ]);
    expect(w.slack.callsTo('conversations.replies')).toHaveLength(1);
  });

  it('posts a notification nothing understands once, even when the answer was lost', async () => {
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    await app({ GRAPHS_ENABLED: 'false' }).handle(loadFixture('notify-slack/sns-plain-text-message.json'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(w.slack.callsTo('conversations.history')).toHaveLength(1);
  });
});
