import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../src/adapters/aws/dynamo';
import {
  alarm,
  ALICE,
  answerTo,
  arnOf,
  click,
  command,
  h,
  notify,
  OPS,
  post,
  TABLE,
  threadOf,
  topLevel,
  useIncidentHarness,
  OPS_ROOM,
  VIEWER,
} from '../../support/incident-harness';
import { buttonBody, slackSignature } from '../../support/slack-sign';

useIncidentHarness();

describe('permissions and audit', () => {
  it('checks every request, buttons included: a viewer may list alarms but not acknowledge', async () => {
    await alarm('viewer-test');
    await notify('viewer-test', 'ALARM', new Date());
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('viewer-test'))!;
    const clickAck = await click('alarm_acknowledge', incident, VIEWER, { value: arnOf('viewer-test') });
    await h.server.idle();
    expect(answerTo(clickAck.responseUrl)).toContain('You need the responder role to acknowledge; you are a viewer');
    expect(threadOf(incident)).toEqual([]);
    expect((await command('/alarms', 'viewer', VIEWER)).answer).toContain('1 alarm in ALARM');
    expect((await command('/unmute', 'viewer-test', VIEWER)).answer).toContain('You need the responder role');
  });

  it('refuses a forged button click with 401 and does nothing', async () => {
    const body = buttonBody({
      actionId: 'alarm_acknowledge',
      value: arnOf('checkout-5xx'),
      responseUrl: h.slack.responseUrl(),
      user: OPS,
    });
    expect((await post(body, slackSignature('forged-secret', body))).status).toBe(401);
    await h.server.idle();
    expect(h.slack.responses).toEqual([]);
  });

  it('writes every action to the logs and to DynamoDB: who, what, target, when, outcome', async () => {
    await command('/alarms', '', VIEWER);
    const audits = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'audit');
    expect(audits).toEqual([
      expect.objectContaining({
        user: VIEWER,
        action: 'alarms',
        target: '*',
        outcome: expect.stringMatching(/listed$/),
      }),
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const stored = await createDocumentClient().send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${today}` },
      }),
    );
    const actions = (stored.Items ?? []).map((i) => `${String(i.user)} ${String(i.action)} ${String(i.outcome)}`);
    expect(actions).toEqual(
      expect.arrayContaining([`${VIEWER} alarms ${audits[0]?.outcome}`, `${VIEWER} ack refused`]),
    );
  });

  it("a channel's grant covers requests made in that channel only: a viewer's /ack from elsewhere is refused", async () => {
    await alarm('ops-disk-full');
    await notify('ops-disk-full', 'ALARM', new Date());
    const incident = h.slack.messages.find((m) => !m.threadTs && m.channel === OPS_ROOM);
    expect(incident).toBeDefined();
    // From #random, and from a DM: the incident's channel grants responders, but not to requests made here.
    expect((await command('/ack', 'ops-disk-full', VIEWER, 'C0RANDOM01')).answer).toContain(
      'You need the responder role',
    );
    expect((await command('/ack', 'ops-disk-full', VIEWER, 'D0VIEWERDM')).answer).toContain(
      'You need the responder role',
    );
    // In the incident's own channel, the grant applies.
    expect((await command('/ack', 'ops-disk-full', VIEWER, OPS_ROOM)).answer).toContain('You acknowledged');
  });

  it("no channel's grant reaches an alarm whose incident channel is unknown (it never fired here)", async () => {
    await alarm('ops-never-fired');
    expect((await command('/mute', 'ops-never-fired 1h', VIEWER, OPS_ROOM)).answer).toContain(
      'You need the responder role',
    );
    // A user's own grant still applies.
    expect((await command('/mute', 'ops-never-fired 1h', ALICE, OPS_ROOM)).answer).toContain('is muted until');
  });
});
