import { alarmEvent, app, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

describe('what the alarm message carries: routing, escaping, a graph that fails', () => {
  it('routes by alarm name to the configured channel', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(alarmEvent('payments-declines', 'ALARM', w.clock, 'route-1'), soon());
    expect(topLevel('C0PAYMENTS')).toHaveLength(1);
    expect(topLevel()).toHaveLength(0);
  });

  it('keeps mentions and links in a description from pinging anyone, and an oversize one inside the limits', async () => {
    await app({ GRAPHS_ENABLED: 'false' }).handle(
      alarmEvent('injected', 'ALARM', w.clock, 'inj-1', (a) => {
        a.AlarmDescription =
          '<!channel> <@U024BE7LH> <!subteam^SAZ94GDB8> <https://evil.example|AWS console> ' + 'long '.repeat(2000);
      }),
      soon(),
    );
    // The test server answers invalid_blocks past any limit; a post means the message fit.
    expect(w.slack.callsTo('chat.postMessage').map((c) => (c.response as { ok: boolean }).ok)).toEqual([true]);
    const posted = JSON.stringify(topLevel()[0]?.attachments);
    expect(posted).not.toMatch(/<!channel>|<@U024BE7LH>|<!subteam|<https:\/\/evil/);
    expect(posted).toContain('&lt;!channel&gt;');
    expect(posted).toContain('full text in the AWS console');
  });

  it('still posts the alarm when the graph cannot be drawn, and says why in the logs', async () => {
    w.graphFails = true;
    await app().handle(alarmEvent('graphless', 'ALARM', w.clock, 'graph-1'), soon());
    expect(topLevel()).toHaveLength(1);
    expect(w.slack.files).toHaveLength(0);
    expect(w.logLines.join('\n')).toContain('could not attach the metric graph');
  });
});
