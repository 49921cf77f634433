import { alarm, ALICE, BOB, command, notify, useIncidentHarness } from '../../support/incident-harness';

useIncidentHarness();

describe('/alarms', () => {
  it('lists what is firing, with acknowledgement and mute status', async () => {
    for (const name of ['list-acked', 'list-muted', 'list-plain']) {
      await alarm(name);
      await notify(name, 'ALARM', new Date());
    }
    await command('/ack', 'list-acked', BOB);
    await command('/mute', 'list-muted 2h', ALICE);
    const res = await command('/alarms', 'list-', ALICE);
    expect(res.answer).toContain('*3 alarms in ALARM* matching `list-`');
    expect(res.answer).toMatch(/list-acked>[^•]*acknowledged by <@U0BOB00001>/);
    expect(res.answer).toMatch(/list-muted>[^•]*not acknowledged, muted until/);
    expect(res.answer).toMatch(/list-plain>[^•]*not acknowledged(?!, muted)/);
  });
});
