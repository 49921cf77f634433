import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { formatCostAnomaly } from '../../../src/features/spend/format-alerts';
import { parseCostAnomaly } from '../../../src/features/spend/parse';
import { startCostExplorerServer, type CostExplorerServer } from '../../../src/sandbox/cost-explorer/server';
import { loadFixture } from '../../support/fixtures';
import {
  ALERTS,
  ALICE,
  answerTo,
  BOB,
  click,
  h,
  shown,
  TOKEN,
  useIncidentHarness,
  VIEWER,
} from '../../support/incident-harness';

useIncidentHarness();

const anomaly = parseCostAnomaly(
  JSON.parse(
    loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'aws-cost-anomaly-slack-reactor/sns-cost-anomaly.json',
    ).Records[0]!.Sns.Message,
  ),
)!;

let ce: CostExplorerServer;
beforeAll(async () => {
  ce = await startCostExplorerServer([anomaly.anomalyId]);
  // The worker's Cost Explorer client is made on first use, after this.
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = ce.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_COST_EXPLORER;
  await ce.close();
});

/** The cost guard's own anomaly message, posted as it posts it. */
async function postAnomaly() {
  const slack = createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 });
  const posted = await slack.postMessage(ALERTS, formatCostAnomaly(anomaly));
  return h.slack.message(posted.channel, posted.ts)!;
}

const feedbackNotes = (text: string) => text.match(/by <@U[0-9A-Z]+> at/g) ?? [];

describe('Cost Anomaly feedback from Slack', () => {
  it('tells Cost Explorer what a responder judged, shows who on the message, and lets a later judgement replace it', async () => {
    const message = await postAnomaly();
    expect(shown(message)).toContain('"action_id":"anomaly_planned"');

    const planned = await click('anomaly_planned', message, ALICE, { value: anomaly.anomalyId });
    await h.server.idle();
    expect(answerTo(planned.responseUrl)).toContain('Told Cost Explorer: marked planned.');
    expect(ce.calls).toEqual([{ anomalyId: anomaly.anomalyId, feedback: 'PLANNED_ACTIVITY' }]);
    expect(shown(message)).toContain('Marked planned by <@U0ALICE001> at');

    const later = h.slack.message(message.channel, message.ts)!;
    await click('anomaly_investigating', later, BOB, { value: anomaly.anomalyId });
    await h.server.idle();
    expect(ce.feedback.get(anomaly.anomalyId)).toBe('YES');
    expect(shown(message)).toContain('Being investigated by <@U0BOB00001> at');
    expect(feedbackNotes(shown(message))).toHaveLength(1);
    // The buttons stay: the judgement can change again, as in the console.
    expect(shown(message)).toContain('"action_id":"anomaly_not_an_issue"');

    const audits = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'audit');
    expect(audits.map((a) => `${String(a.user)} ${String(a.action)} ${String(a.outcome)}`)).toEqual([
      `${ALICE} anomaly-feedback PLANNED_ACTIVITY`,
      `${BOB} anomaly-feedback YES`,
    ]);
  });

  it('refuses a viewer, and tells Cost Explorer nothing', async () => {
    const message = await postAnomaly();
    const before = ce.calls.length;
    const refused = await click('anomaly_not_an_issue', message, VIEWER, { value: anomaly.anomalyId });
    await h.server.idle();
    expect(answerTo(refused.responseUrl)).toContain('You need the responder role');
    expect(ce.calls).toHaveLength(before);
    expect(feedbackNotes(shown(message))).toEqual([]);
  });

  it('says plainly when Lamplighter’s role may not give feedback', async () => {
    const message = await postAnomaly();
    ce.failNext('AccessDeniedException');
    const denied = await click('anomaly_not_an_issue', message, ALICE, { value: anomaly.anomalyId });
    await h.server.idle();
    expect(answerTo(denied.responseUrl)).toContain('may not give anomaly feedback (ce:ProvideAnomalyFeedback)');
    expect(feedbackNotes(shown(message))).toEqual([]);
  });
});
