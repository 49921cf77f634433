import { loadFixture } from '../../support/fixtures';
import { createNotifierApp } from '../../../src/app/notifier';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { jsonLogger } from '../../../src/kernel/log';
import { createNotifierAws } from '../../../src/adapters/aws/notifier-aws';
import { failCompleteOnce } from '../../support/aws';
import {
  alarmEvent,
  app,
  DEFAULT_CHANNEL,
  headerOf,
  minutes,
  soon,
  TABLE,
  TOKEN,
  topLevel,
  useNotifierHarness,
  w,
} from '../../support/notifier-harness';

useNotifierHarness();

describe('one live message per incident, against moto and the Slack test server', () => {
  it('posts one message for an ALARM, records the incident, and uploads the graph into its thread', async () => {
    const t0 = w.clock;
    const outcomes = await app().handle(alarmEvent('orders-errors', 'ALARM', t0, 'msg-open-1'), soon());
    expect(outcomes).toEqual([
      { messageId: 'msg-open-1', action: 'open', channel: DEFAULT_CHANNEL, ts: expect.any(String) },
    ]);
    const [message] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(message)?.color).toBe('#D13212');
    expect(headerOf(message)?.blocks[0]?.text?.text).toBe(':red_circle: ALARM: orders-errors');
    expect(w.graphCalls).toEqual([
      { region: 'us-east-1', widget: expect.objectContaining({ region: 'us-east-1', view: 'timeSeries' }) },
    ]);
    expect(JSON.stringify(w.graphCalls[0]?.widget.metrics)).toContain('IExecutionFailureHook');
    // The channel is configured by name: its id is listed once, first. Then the external upload
    // flow: URL, upload, complete, into the incident's thread.
    expect(w.slack.calls.map((c) => c.method)).toEqual([
      'conversations.list',
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(w.slack.files).toEqual([
      expect.objectContaining({
        filename: 'metric.png',
        // Which period it shows, and its end (the alarm's change), not "last 3 hours".
        title: `orders-errors: 3 h to ${t0.toISOString().slice(11, 16)} UTC`,
        channel: DEFAULT_CHANNEL,
        threadTs: message?.ts,
        content: Buffer.from('\x89PNG fake graph'),
      }),
    ]);
  });

  it('updates the same message in place on OK (green) with a thread reply, and opens a new one on a later ALARM', async () => {
    const t0 = w.clock;
    await app().handle(alarmEvent('checkout-latency', 'ALARM', t0, 'cl-1'), soon());
    w.clock = minutes(t0, 12);
    const ok = await app().handle(alarmEvent('checkout-latency', 'OK', w.clock, 'cl-2'), soon());
    expect(ok[0]?.action).toBe('update');

    const [incident] = topLevel();
    expect(topLevel()).toHaveLength(1);
    expect(incident?.updates).toBe(1);
    expect(headerOf(incident)?.color).toBe('#2EB67D');
    expect(headerOf(incident)?.blocks[0]?.text?.text).toBe(':large_green_circle: RESOLVED: checkout-latency');
    const replies = w.slack.thread(DEFAULT_CHANNEL, incident!.ts);
    expect(replies.map((r) => r.text)).toEqual(['OK: checkout-latency']);
    expect(JSON.stringify(replies[0]?.blocks)).toContain('after 12 min in ALARM');

    w.clock = minutes(t0, 120);
    const again = await app().handle(alarmEvent('checkout-latency', 'ALARM', w.clock, 'cl-3'), soon());
    expect(again[0]?.action).toBe('open');
    expect(topLevel()).toHaveLength(2);
    expect(headerOf(topLevel()[1])?.color).toBe('#D13212');
  });

  it('turns the message grey on INSUFFICIENT_DATA', async () => {
    await app().handle(alarmEvent('queue-depth', 'ALARM', w.clock, 'qd-1'), soon());
    w.clock = minutes(w.clock, 5);
    await app().handle(alarmEvent('queue-depth', 'INSUFFICIENT_DATA', w.clock, 'qd-2'), soon());
    expect(headerOf(topLevel()[0])?.color).toBe('#9CA3AF');
  });

  it('posts nothing for an OK when no incident is open (a new alarm settling)', async () => {
    const outcome = await app().handle(alarmEvent('fresh-alarm', 'OK', w.clock, 'quiet-1'), soon());
    expect(outcome[0]?.action).toBe('quiet');
    expect(w.slack.calls).toHaveLength(0);
    expect(w.logLines.join('\n')).toContain('OK with no open incident');
  });

  it('opens a new, notifying message for an ALARM after a long grey spell', async () => {
    const t0 = w.clock;
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('metric-gap', 'INSUFFICIENT_DATA', t0, 'gap-1'), soon());
    w.clock = minutes(t0, 3 * 24 * 60);
    const outcome = await app({ GRAPHS_ENABLED: 'false' }).handle(
      alarmEvent('metric-gap', 'ALARM', w.clock, 'gap-2'),
      soon(),
    );
    expect(outcome[0]?.action).toBe('open');
    expect(topLevel().map((m) => headerOf(m)?.color)).toEqual(['#9CA3AF', '#D13212']);
  });

  it('does not apply a change twice when the retry comes after the incident was saved', async () => {
    // The journal's final write fails once: the incident is saved, the delivery is not marked done.
    const aws = createNotifierAws(TABLE);
    // An alarm's change is journaled by the alarm and the time of its change (see the dedupe test).
    failCompleteOnce(
      aws.stores.journal,
      `alarm-change:arn:aws:cloudwatch:us-east-1:427809481713:alarm:saved-twice:ALARM:${w.clock.toISOString()}`,
    );
    const notifier = createNotifierApp(
      {
        AWS_REGION: 'us-east-1',
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: w.slack.apiUrl,
        SLACK_DEFAULT_CHANNEL: DEFAULT_CHANNEL,
        TABLE_NAME: TABLE,
        // This suite's clock stands still: a new alarm is posted at once, not after a gather.
        STORM_GATHER_SECONDS: '0',
      },
      {
        aws,
        slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
        log: jsonLogger((line) => w.logLines.push(line)),
        now: () => w.clock,
      },
    );
    const open = alarmEvent('saved-twice', 'ALARM', w.clock, 'saved-1');
    await expect(notifier.handle(open, soon())).rejects.toThrow('connection reset');
    await notifier.handle(open, soon());
    const [incident] = topLevel();
    expect(topLevel()).toHaveLength(1);
    // Neither re-posted, nor updated, nor replied to as if it were a second ALARM.
    expect(incident?.updates).toBe(0);
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts)).toHaveLength(0);
  });

  it('collapses a flapping alarm into its thread instead of flooding the channel', async () => {
    const t0 = w.clock;
    const states = ['ALARM', 'OK', 'ALARM', 'OK', 'ALARM'] as const;
    for (const [i, state] of states.entries()) {
      w.clock = minutes(t0, i * 3);
      await app().handle(alarmEvent('db-connections', state, w.clock, `flap-${i}`), soon());
    }
    expect(topLevel()).toHaveLength(1);
    const [incident] = topLevel();
    expect(
      w.slack
        .thread(DEFAULT_CHANNEL, incident!.ts)
        .filter((m) => m.text.startsWith('ALARM') || m.text.startsWith('OK')),
    ).toHaveLength(4);
    expect(JSON.stringify(incident?.attachments)).toContain('flapping (2 re-opens)');
  });

  it('posts nothing twice when SNS delivers the same MessageId again', async () => {
    const event = alarmEvent('disk-full', 'ALARM', w.clock, 'dup-1');
    await app().handle(event, soon());
    const second = await app().handle(event, soon());
    expect(second).toEqual([{ messageId: 'dup-1', action: 'duplicate' }]);
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('keeps a thread reply Slack rate-limited for the next pass, without redoing what reached Slack', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await notifier.handle(alarmEvent('cache-evictions', 'ALARM', w.clock, 'hd-1'), soon());
    w.clock = minutes(w.clock, 4);
    const ok = alarmEvent('cache-evictions', 'OK', w.clock, 'hd-2');
    // chat.update succeeds at once; then the thread reply is rate-limited for longer than the invocation has.
    w.slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await notifier.handle(ok, soon());
    const [incident] = topLevel();
    expect(headerOf(incident)?.blocks[0]?.text?.text).toContain('RESOLVED');
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts)).toHaveLength(0);
    // Past Slack's Retry-After, SNS delivers the OK again, and the scheduled pass runs: the reply
    // is posted once, the update not redone.
    w.clock = new Date(w.clock.getTime() + 31_000);
    await notifier.handle(ok, soon());
    await notifier.handle({ lamplighter: 'drain' }, soon());
    expect(incident?.updates).toBe(1);
    expect(w.slack.callsTo('chat.update')).toHaveLength(1);
    expect(w.slack.thread(DEFAULT_CHANNEL, incident!.ts).map((m) => m.text)).toEqual(['OK: cache-evictions']);
  });

  it('opens a new message when the incident message was deleted in Slack', async () => {
    const notifier = app({ GRAPHS_ENABLED: 'false' });
    await notifier.handle(alarmEvent('deleted-msg', 'ALARM', w.clock, 'del-1'), soon());
    w.slack.failNext('chat.update', { error: 'message_not_found' });
    w.clock = minutes(w.clock, 3);
    await notifier.handle(alarmEvent('deleted-msg', 'OK', w.clock, 'del-2'), soon());
    expect(topLevel()).toHaveLength(2);
    expect(headerOf(topLevel()[1])?.blocks[0]?.text?.text).toContain('RESOLVED');
  });
});

describe('nothing quiet is lost', () => {
  it('an OK that arrives while the ALARM post is failing ends in one message, green; the thread keeps both, the retry noted as late', async () => {
    const t0 = new Date('2026-11-27T09:30:00Z');
    w.slack.failNext('chat.postMessage', { status: 500 }, { status: 500 });
    // The ALARM's post fails until there is no time left to retry: the invocation fails, Lambda will retry it.
    await expect(
      app().handle(alarmEvent('pending-alarm', 'ALARM', t0, 'pending-1'), Date.now() + 3000),
    ).rejects.toThrow();
    expect(topLevel()).toEqual([]);
    // Meanwhile the alarm clears. The incident's intent was recorded, so the OK is not "quiet".
    await app().handle(alarmEvent('pending-alarm', 'OK', minutes(t0, 3), 'pending-2'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(topLevel()[0])?.blocks[0]?.text?.text).toContain('RESOLVED');
    // Lambda's retry of the ALARM arrives last: one message still, and a note in its thread.
    await app().handle(alarmEvent('pending-alarm', 'ALARM', t0, 'pending-1'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(topLevel()[0])?.blocks[0]?.text?.text).toContain('RESOLVED');
    // The thread keeps the timeline: the OK that came while the post waited, then the late retry.
    const thread = w.slack.thread(topLevel()[0]!.channel, topLevel()[0]!.ts);
    expect(thread.map((m) => m.text)).toEqual(['OK: pending-alarm', 'ALARM: pending-alarm']);
    expect(JSON.stringify(thread[1])).toContain('arrived late');
  });
});

describe('first posts are idempotent', () => {
  it('a first post whose answer was lost is found and adopted, not posted twice', async () => {
    const t0 = new Date('2026-11-27T09:40:00Z');
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    await app().handle(alarmEvent('lost-answer', 'ALARM', t0, 'lost-1'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(w.slack.callsTo('conversations.history')).toHaveLength(1);
    // The incident knows the adopted message: the OK turns that one green.
    await app().handle(alarmEvent('lost-answer', 'OK', minutes(t0, 5), 'lost-2'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(headerOf(topLevel()[0])?.blocks[0]?.text?.text).toContain('RESOLVED');
  });

  it('when history lagged and a second copy went out, the extra one says it was superseded, with a link', async () => {
    const t0 = new Date('2026-11-27T09:45:00Z');
    w.slack.failNext('chat.postMessage', { applyThenDrop: true });
    w.slack.failNext('conversations.history', { historyLag: true });
    await app().handle(alarmEvent('lagging-history', 'ALARM', t0, 'lag-1'), soon());
    const [first, second] = topLevel();
    expect(topLevel()).toHaveLength(2);
    // The oldest copy is the one kept (two racing posters agree on it); the newer one says so.
    expect(second!.text).toContain('Posted twice by mistake');
    expect(JSON.stringify(second!.blocks)).toContain(`/p${first!.ts.replace('.', '')}|this message>`);
    await app().handle(alarmEvent('lagging-history', 'OK', minutes(t0, 5), 'lag-2'), soon());
    expect(headerOf(w.slack.message(first!.channel, first!.ts))?.blocks[0]?.text?.text).toContain('RESOLVED');
    expect(w.slack.message(second!.channel, second!.ts)?.text).toContain('Posted twice by mistake');
  });
});

describe('racing first posts', () => {
  it('two deliveries opening the same incident at once take turns: one message, in the newer state', async () => {
    const t0 = new Date('2026-11-27T09:50:00Z');
    // The same change by two routes (SNS and EventBridge), the first post slow to apply.
    w.slack.failNext('chat.postMessage', { delayMs: 1200 });
    const first = app()
      .handle(alarmEvent('racing-open', 'ALARM', t0, 'race-1'), soon())
      .then(
        () => 'done',
        () => 'failed',
      );
    await new Promise((r) => setTimeout(r, 400));
    // A second change of the same alarm a moment later (the same change twice is one delivery).
    await app().handle(alarmEvent('racing-open', 'ALARM', new Date(t0.getTime() + 1000), 'race-2'), soon());
    // The incident's lock makes the second wait for the first: nothing fails, nothing is posted twice.
    expect(await first).toBe('done');
    const copies = topLevel().filter(
      (m) => JSON.stringify(m).includes('racing-open') || m.text.includes('Posted twice'),
    );
    expect(copies).toHaveLength(1);
    expect(JSON.stringify(copies[0]!.attachments)).toContain('09:50:01 UTC');
    // The OK turns it green.
    await app().handle(alarmEvent('racing-open', 'OK', minutes(t0, 4), 'race-3'), soon());
    expect(headerOf(w.slack.message(copies[0]!.channel, copies[0]!.ts))?.blocks[0]?.text?.text).toContain('RESOLVED');
  });

  it('two concurrent invocations for one alarm leave its message in the newer state, whichever runs first', async () => {
    const t0 = new Date('2026-11-27T09:50:00Z');
    await app().handle(alarmEvent('racing-update', 'ALARM', t0, 'ru-0'), soon());
    // The older change is slow to reach Slack; the newer arrives meanwhile.
    w.slack.failNext('chat.update', { delayMs: 800 });
    const older = app().handle(alarmEvent('racing-update', 'OK', minutes(t0, 1), 'ru-1'), soon());
    await new Promise((r) => setTimeout(r, 200));
    const newer = app().handle(alarmEvent('racing-update', 'ALARM', minutes(t0, 2), 'ru-2'), soon());
    await Promise.all([older, newer]);
    const [message] = topLevel().filter((m) => JSON.stringify(m).includes('racing-update'));
    expect(headerOf(message)?.blocks[0]?.text?.text).toBe(':red_circle: ALARM: racing-update');
    // And the other order: the newer first, then the older, late: still the newer state.
    await app().handle(alarmEvent('racing-update', 'OK', minutes(t0, 4), 'ru-4'), soon());
    await app().handle(alarmEvent('racing-update', 'ALARM', minutes(t0, 3), 'ru-3'), soon());
    expect(headerOf(w.slack.message(message!.channel, message!.ts))?.blocks[0]?.text?.text).toContain('RESOLVED');
  });
});

describe('every alarm, by SNS and by EventBridge', () => {
  it('posts one message for a change that arrives by the alarm’s SNS action and by EventBridge', async () => {
    const t0 = new Date('2026-11-27T10:20:30.456Z');
    const name = 'both-routes';
    const arn = `arn:aws:cloudwatch:us-east-1:427809481713:alarm:${name}`;
    await app().handle(alarmEvent(name, 'ALARM', t0, 'by-sns-1'), soon());
    // The same change as EventBridge delivers it (the rule on every alarm, through the topic).
    const event = loadFixture<Record<string, unknown>>('awsdocs/eventbridge-cloudwatch-alarm-state-change-metric.json');
    const detail = event.detail as Record<string, Record<string, unknown>> & { alarmName: string };
    Object.assign(event, { id: 'by-eventbridge-1', account: '427809481713', resources: [arn] });
    detail.alarmName = name;
    detail.state!.timestamp = t0.toISOString().replace('Z', '+0000');
    const outcomes = await app().handle(event, soon());
    expect(outcomes.map((o) => o.action)).toEqual(['duplicate']);
    expect(topLevel().filter((m) => m.text.includes(name))).toHaveLength(1);
    // A later change by EventBridge alone is applied to the same message.
    detail.state!.value = 'OK';
    detail.state!.timestamp = minutes(t0, 3).toISOString().replace('Z', '+0000');
    Object.assign(event, { id: 'by-eventbridge-2' });
    expect((await app().handle(event, soon())).map((o) => o.action)).toEqual(['update']);
    expect(topLevel().filter((m) => m.text.includes(name))).toHaveLength(1);
  });
});
