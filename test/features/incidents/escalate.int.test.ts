import { createSlackAppAws } from '../../../src/adapters/aws/slack-app-aws';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { sweep } from '../../../src/app/sweeper';
import { jsonLogger } from '../../../src/kernel/log';
import { alarm, h, notify, TABLE, TOKEN, topLevel, useIncidentHarness } from '../../support/incident-harness';

useIncidentHarness();

describe('escalation', () => {
  it('re-posts an alarm nobody acknowledged to its thread, mentioning on-call, once', async () => {
    await alarm('queue-backlog');
    const started = new Date(Date.now() - 20 * 60_000);
    await notify('queue-backlog', 'ALARM', started);
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('queue-backlog'))!;
    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 15 * 60_000,
      oncallGroupId: 'S0ONCALL01',
      stores: aws.stores!,
      alarms: aws.alarms,
      slack: createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 }),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
      now: () => new Date(),
    };
    const first = await sweep(deps);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const notes = h.slack.thread(incident.channel, incident.ts);
    expect(notes.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /^<!subteam\^S0ONCALL01> :rotating_light: queue-backlog has been in ALARM for 20 min and nobody has acknowledged it\.$/,
      ),
    ]);
    await sweep(deps);
    expect(h.slack.thread(incident.channel, incident.ts)).toHaveLength(1);
  });
});
