import { createResourceChecker } from '../../../src/adapters/aws/resource-checker';
import { createSlackAppAws } from '../../../src/adapters/aws/slack-app-aws';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { DEFAULT_COST_RULES } from '../../../src/app/render';
import { sweep } from '../../../src/app/sweeper';
import { reminderOf } from '../../../src/features/spend/format';
import { planCloudTrail } from '../../../src/features/spend/plan';
import { parseCloudTrailEvent } from '../../../src/kernel/envelopes/cloudtrail';
import { jsonLogger } from '../../../src/kernel/log';
import { createStateTable } from '../../support/aws';
import { loadFixture } from '../../support/fixtures';
import {
  ALERTS,
  ALICE,
  answerTo,
  click,
  h,
  TABLE,
  threadOf,
  TOKEN,
  useIncidentHarness,
} from '../../support/incident-harness';

useIncidentHarness();

describe('Remind me in 24h', () => {
  it("checks the resource a day later, in the warning's thread, with the cost so far", async () => {
    await createStateTable('analytics-events');
    const client = createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 });

    const warnings = [];
    for (const table of ['analytics-events', 'already-deleted']) {
      const raw = loadFixture<{
        detail: { requestParameters: { tableName: string }; eventTime: string; eventID: string };
      }>('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json');
      raw.detail.requestParameters.tableName = table;
      raw.detail.eventTime = new Date(Date.now() - 3600_000).toISOString();
      raw.detail.eventID = `remind-${table}`;
      const event = parseCloudTrailEvent(raw)!;
      const [spend] = await planCloudTrail(event, DEFAULT_COST_RULES);
      const posted = await client.postMessage(ALERTS, spend!.message);
      // What the cost guard records beside each warning it posts.
      await createSlackAppAws(TABLE).stores!.spend.putSpendInfo(
        reminderOf(event, spend!.kind === 'spend' ? spend!.estimate : (undefined as never)),
      );
      warnings.push(h.slack.message(posted.channel, posted.ts)!);
    }
    for (const warning of warnings) {
      const remind = (
        warning.attachments as Array<{
          blocks: Array<{ type: string; elements?: Array<{ action_id: string; value?: string }> }>;
        }>
      )[0]!.blocks
        .find((b) => b.type === 'actions')!
        .elements!.find((e) => e.action_id === 'spend_remind_24h')!.value!;
      const clicked = await click('spend_remind_24h', warning, ALICE, { value: remind });
      await h.server.idle();
      expect(answerTo(clicked.responseUrl)).toContain('I will check on DynamoDB table');
    }
    // A click naming a warning Lamplighter never posted sets nothing.
    const forged = await click('spend_remind_24h', warnings[0]!, ALICE, { value: 'no-such-event' });
    await h.server.idle();
    expect(answerTo(forged.responseUrl)).toContain('no longer has the details of that warning');

    const aws = createSlackAppAws(TABLE);
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      resources: createResourceChecker(),
      slack: client,
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect((await sweep({ ...deps, now: () => new Date(Date.now() + 3600_000) })).remindersSent).toBe(0);
    // The first reminder is posted and its answer lost: the retry finds it rather than posting it twice.
    h.slack.failNext('chat.postMessage', { applyThenDrop: true });
    expect((await sweep({ ...deps, now: () => new Date(Date.now() + 24 * 3600_000 + 60_000) })).remindersSent).toBe(2);
    expect(warnings.map((w) => threadOf(w).filter((t) => t.startsWith(':alarm_clock:')).length)).toEqual([1, 1]);
    const [kept, deleted] = warnings.map((w) => threadOf(w).find((t) => t.startsWith(':alarm_clock:')) ?? '');
    expect(kept).toMatch(
      /^:alarm_clock: @U0ALICE001 DynamoDB table analytics-events still exists\. At \$0\.78\/hour it has cost about \$19\.\d\d over 25 h\.$/,
    );
    expect(deleted).toBe(
      ':alarm_clock: @U0ALICE001 DynamoDB table already-deleted is gone. It no longer costs anything.',
    );
  });
});
