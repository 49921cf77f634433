import type { StoredMessage } from '../../../src/sandbox/slack-api';
import {
  alarm,
  ALICE,
  answerTo,
  command,
  OPS,
  BOB,
  h,
  notify,
  post,
  shown,
  threadOf,
  topLevel,
  useIncidentHarness,
  VIEWER,
} from '../../support/incident-harness';
import { buttonBody } from '../../support/slack-sign';

useIncidentHarness();

// New alarms for each test (incidents outlive a test; a storm is of alarms opening).
let NAMES: string[] = [];
let run = 0;
beforeEach(() => {
  run++;
  NAMES = Array.from({ length: 7 }, (_, i) => `storefront${run}-${i + 1}-5xx`);
});
const isStorm = (m: StoredMessage) => JSON.stringify(m.blocks ?? []).includes('thunder_cloud_and_rain');

/**
 * Seven alarms open at once (the default threshold is 5): the first four are posted as usual,
 * the fifth makes a storm; from then on the storm message's lines are their messages (the rest
 * are posted, current, once it is over).
 */
async function storm(): Promise<{ message: StoredMessage; own: StoredMessage[]; id: string }> {
  const t0 = new Date(Date.now() - 60_000);
  for (const [i, name] of NAMES.entries()) await notify(name, 'ALARM', new Date(t0.getTime() + i * 200));
  const message = topLevel().find(isStorm)!;
  const own = topLevel().filter((m) => !isStorm(m));
  expect(own.map((m) => m.text)).toEqual(NAMES.slice(0, 4).map((n) => `ALARM: ${n} in us-east-1`));
  const id = JSON.stringify(message.blocks).match(/"value":"(C0ALERTS01\/[^"]+)"/)?.[1];
  expect(id).toBeDefined();
  return { message, own, id: id! };
}

/** A click on the storm message as Slack sends it: signed, with the message's blocks. */
async function clickStorm(
  message: StoredMessage,
  actionId: string,
  user: string,
  extra: { value?: string; selected?: string },
) {
  const responseUrl = h.slack.responseUrl();
  const res = await post(
    buttonBody({
      actionId,
      ...extra,
      responseUrl,
      user,
      channel: message.channel,
      message: { ts: message.ts, blocks: message.blocks },
    }),
  );
  expect(res.status).toBe(200);
  return responseUrl;
}

const audits = () =>
  h.logLines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'audit' || l.message === 'audit');

describe('the storm message', () => {
  it('offers Acknowledge all: two clicks at once acknowledge each incident once', async () => {
    const { message, own, id } = await storm();
    const [a, b] = await Promise.all([
      clickStorm(message, 'storm_acknowledge_all', ALICE, { value: id }),
      clickStorm(message, 'storm_acknowledge_all', BOB, { value: id }),
    ]);
    await h.server.idle();
    const answers = [answerTo(a), answerTo(b)];
    const counts = answers.map((t) => Number(/You acknowledged (\d+) of this storm's 7 alarms/.exec(t)?.[1]));
    expect(counts[0]! + counts[1]!).toBe(7);
    for (const m of own) {
      expect(shown(m)).toMatch(/Acknowledged by <@U0(ALICE001|BOB00001)>/);
      expect(threadOf(m).filter((t) => t.includes('Acknowledged by'))).toHaveLength(1);
    }
    // The storm message's lines say so too.
    const lines = JSON.stringify(h.slack.message(message.channel, message.ts)?.blocks);
    expect(lines.match(/acknowledged by <@U0(ALICE001|BOB00001)>/g)).toHaveLength(7);
    // Each acknowledgement is audited, by alarm; and each click as a whole.
    const acks = audits().filter((l) => l.action === 'ack' && l.outcome === 'acknowledged');
    expect(acks.map((l) => l.target).sort()).toEqual([...NAMES].sort());
    expect(audits().filter((l) => l.action === 'ack-all')).toHaveLength(2);
  });

  it('offers Mute all…, asking for how long as Mute does: each alarm is muted and its message says so', async () => {
    const { message, own, id } = await storm();
    const answer = await clickStorm(message, 'storm_mute_all', ALICE, { selected: '4h' });
    await h.server.idle();
    expect(answerTo(answer)).toContain("You muted 7 of this storm's 7 alarms until");
    for (const m of own) expect(shown(m)).toMatch(/[Mm]uted until/);
    const lines = JSON.stringify(h.slack.message(message.channel, message.ts)?.blocks);
    expect(lines.match(/muted until \d\d:\d\d:\d\d UTC/g)).toHaveLength(7);
    const mutes = audits().filter((l) => l.action === 'mute' && l.outcome === 'muted');
    expect(mutes.map((l) => l.target).sort()).toEqual([...NAMES].sort());
    expect(audits().find((l) => l.action === 'mute-all')).toMatchObject({ target: id, outcome: 'muted' });
  });

  it('asks for an operator to Mute all when one alarm’s mute keeps its CloudWatch actions off', async () => {
    await alarm(NAMES[0]!);
    const { message, id } = await storm();
    expect((await command('/mute', `${NAMES[0]} 1h --actions`, OPS)).answer).toContain('is muted until');
    const refused = await clickStorm(message, 'storm_mute_all', ALICE, { selected: '24h' });
    await h.server.idle();
    expect(answerTo(refused)).toContain('You need the operator role');
    expect(audits().filter((l) => l.action === 'mute-all')).toEqual([
      expect.objectContaining({ user: ALICE, target: id, outcome: 'refused' }),
    ]);
    const allowed = await clickStorm(message, 'storm_mute_all', OPS, { selected: '24h' });
    await h.server.idle();
    expect(answerTo(allowed)).toContain("You muted 7 of this storm's 7 alarms");
  });

  it('refuses a member without the responder role, audited, and acknowledges nothing', async () => {
    const { message, own, id } = await storm();
    const answer = await clickStorm(message, 'storm_acknowledge_all', VIEWER, { value: id });
    await h.server.idle();
    expect(answerTo(answer)).toContain('You need the responder role to acknowledge');
    for (const m of own) expect(shown(m)).not.toContain('Acknowledged by');
    expect(audits().filter((l) => l.action === 'ack-all')).toEqual([
      expect.objectContaining({ user: VIEWER, target: id, outcome: 'refused' }),
    ]);
    expect(audits().filter((l) => l.action === 'ack')).toHaveLength(0);
  });

  it('does nothing for a storm id that is not the channel’s current storm', async () => {
    const { message } = await storm();
    const forged = 'C0ALERTS01/2020-01-01T00:00:00.000Z';
    const answer = await clickStorm(message, 'storm_acknowledge_all', ALICE, { value: forged });
    await h.server.idle();
    expect(answerTo(answer)).toContain('This storm is over');
    for (const m of topLevel().filter((x) => !isStorm(x))) expect(shown(m)).not.toContain('Acknowledged by');
  });
});
