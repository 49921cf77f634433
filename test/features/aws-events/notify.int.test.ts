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

  it('posts an AWS Health event that arrives straight from EventBridge', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      loadFixture('notify-slack/eventbridge-aws-health-event.json'),
      soon(),
    );
    expect(topLevel().map((m) => m.text)).toEqual(['AWS Health OPEN · EC2: Instance store drive performance degraded']);
  });
});
