import { createSlackAppAws } from '../../../src/adapters/aws/slack-app-aws';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { sweep } from '../../../src/app/sweeper';
import { jsonLogger } from '../../../src/kernel/log';
import {
  actionsEnabled,
  alarm,
  ALICE,
  answerTo,
  arnOf,
  click,
  command,
  h,
  notify,
  OPS,
  shown,
  TABLE,
  threadOf,
  TOKEN,
  topLevel,
  useIncidentHarness,
} from '../../support/incident-harness';

useIncidentHarness();

describe('muting', () => {
  it('from the menu: no new top-level posts until the time passes; changes go to the thread', async () => {
    await alarm('search-errors');
    const t0 = new Date(Date.now() - 3 * 3600_000);
    await notify('search-errors', 'ALARM', t0);
    const [incident] = topLevel();
    const menu = await click('alarm_mute', incident!, ALICE, { selected: '1h' });
    await h.server.idle();
    expect(answerTo(menu.responseUrl)).toContain('`search-errors` is muted until');
    expect(shown(incident)).toContain('Muted until');
    await notify('search-errors', 'OK', new Date(t0.getTime() + 10 * 60_000));
    await notify('search-errors', 'ALARM', new Date());
    expect(topLevel()).toHaveLength(1);
    expect(threadOf(incident!).some((t) => t.startsWith('ALARM'))).toBe(true);
  });

  it('with --actions (operators only): disables CloudWatch actions; the sweeper re-enables them when it ends', async () => {
    await alarm('db-cpu');
    expect((await command('/mute', 'db-cpu 1h --actions', ALICE)).answer).toContain('You need the operator role');
    const res = await command('/mute', 'db-cpu 1h --actions', OPS);
    expect(res.answer).toContain('CloudWatch actions are disabled');
    const enabled = () => actionsEnabled('db-cpu');
    expect(await enabled()).toBe(false);

    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      slack: createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 }),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect(await sweep({ ...deps, now: () => new Date(Date.now() + 30 * 60_000) })).toEqual({
      mutesEnded: 0,
      escalated: 0,
      snapshotsFinished: 0,
      remindersSent: 0,
      failures: 0,
    });
    expect(await enabled()).toBe(false);
    // (Earlier tests' one-hour mutes end in the same pass.)
    expect(await sweep({ ...deps, now: () => new Date(Date.now() + 61 * 60_000) })).toMatchObject({ failures: 0 });
    expect(await enabled()).toBe(true);
    expect(await aws.stores!.mutes.getMute(arnOf('db-cpu'))).toBeUndefined();
  });
});
