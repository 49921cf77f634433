import {
  alarm,
  ALICE,
  answerTo,
  arnOf,
  BOB,
  click,
  command,
  h,
  notify,
  shown,
  threadOf,
  topLevel,
  useIncidentHarness,
} from '../../support/incident-harness';

useIncidentHarness();

describe('acknowledging', () => {
  it('lets one of two simultaneous clicks win; the other is told who did', async () => {
    await alarm('checkout-5xx');
    await notify('checkout-5xx', 'ALARM', new Date());
    const [incident] = topLevel();
    const [a, b] = await Promise.all([
      click('alarm_acknowledge', incident!, ALICE, { value: arnOf('checkout-5xx') }),
      click('alarm_acknowledge', incident!, BOB, { value: arnOf('checkout-5xx') }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.server.idle();
    const answers = [answerTo(a.responseUrl), answerTo(b.responseUrl)].sort();
    expect(answers.filter((t) => t.includes('You acknowledged'))).toHaveLength(1);
    expect(answers.filter((t) => /was already acknowledged by <@U0(ALICE|BOB)/.test(t))).toHaveLength(1);
    expect(threadOf(incident!)).toEqual([
      expect.stringMatching(/^:white_check_mark: Acknowledged by @U0(ALICE001|BOB00001) at \d\d:\d\d UTC$/),
    ]);
    expect(shown(incident)).toMatch(/Acknowledged by <@U0(ALICE001|BOB00001)>/);
    expect(shown(incident)).not.toContain('alarm_acknowledge');
  });

  it('posts its thread note once when Slack applied it but the answer was lost', async () => {
    await alarm('checkout-latency');
    await notify('checkout-latency', 'ALARM', new Date());
    const incident = topLevel().find((m) => m.text.includes('checkout-latency'))!;
    // The note is posted, and the answer never arrives: the retry finds it instead of posting again.
    h.slack.failNext('chat.postMessage', { applyThenDrop: true });
    const clicked = await click('alarm_acknowledge', incident, ALICE, { value: arnOf('checkout-latency') });
    await h.server.idle();
    expect(answerTo(clicked.responseUrl)).toContain('You acknowledged');
    expect(threadOf(incident)).toEqual([expect.stringMatching(/^:white_check_mark: Acknowledged by @U0ALICE001/)]);
  });

  it('keeps repeats in the thread while acknowledged; OK closes the incident; a resolved alarm says so', async () => {
    await alarm('payments-latency');
    const t0 = new Date(Date.now() - 60 * 60_000);
    await notify('payments-latency', 'ALARM', t0);
    const ack = await command('/ack', 'payments-latency');
    expect(ack.answer).toContain('You acknowledged `payments-latency`');
    await notify('payments-latency', 'ALARM', new Date(t0.getTime() + 5 * 60_000));
    expect(topLevel()).toHaveLength(1);
    expect(shown(topLevel()[0])).toContain('Acknowledged by <@U0ALICE001>');
    // A grey spell longer than the flap window does not make a new message or lose the acknowledgement.
    const grey = new Date(t0.getTime() + 6 * 60_000);
    await notify('payments-latency', 'INSUFFICIENT_DATA', grey);
    await notify('payments-latency', 'ALARM', new Date(Date.now() - 60_000)); // 54 min of grey: past the 30-minute flap window
    expect(topLevel()).toHaveLength(1);
    expect(shown(topLevel()[0])).toContain('Acknowledged by <@U0ALICE001>');
    await notify('payments-latency', 'OK', new Date());
    expect(shown(topLevel()[0])).toContain('RESOLVED');
    // The resolved message keeps who acknowledged it and says how long the incident lasted.
    expect(shown(topLevel()[0])).toMatch(
      /Resolved after 1 h( \d+ min)? · acknowledged by <@U0ALICE001> at \d\d:\d\d UTC/,
    );
    expect(shown(topLevel()[0])).not.toContain(':eyes: Acknowledged by');
    expect((await command('/ack', 'payments-latency')).answer).toContain('has no open incident: it is resolved');
    expect((await command('/ack', 'no-such-alarm')).answer).toContain('No alarm named `no-such-alarm`');
  });
});
