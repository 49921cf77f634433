import {
  ACCOUNT,
  alarm,
  answerTo,
  arnOf,
  click,
  h,
  notify,
  threadOf,
  topLevel,
  useIncidentHarness,
  VIEWER,
} from '../../support/incident-harness';

useIncidentHarness();

/** An alarm on a Redshift cluster's health: its metric names the cluster. */
const onCluster = (cluster: string) => (a: Record<string, unknown>) => {
  a.Trigger = {
    MetricName: 'HealthStatus',
    Namespace: 'AWS/Redshift',
    Statistic: 'MINIMUM',
    Dimensions: [{ name: 'ClusterIdentifier', value: cluster }],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'LessThanThreshold',
    Threshold: 1,
  };
};

describe('the What changed button', () => {
  it('opens the incident with what changed in its thread, and answers a viewer who asks again, escaped and audited', async () => {
    await alarm('analytics-health');
    await notify('analytics-health', 'ALARM', new Date('2026-11-27T11:30:00Z'), onCluster('analytics-poc'));
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('analytics-health'))!;
    expect(JSON.stringify(incident.attachments)).toContain('"action_id":"alarm_what_changed"');
    // The notifier looked when the incident opened (the stand-in answers both functions).
    expect(threadOf(incident).some((t) => t.startsWith('Changes in the hour before'))).toBe(true);
    h.trailCalls.length = 0;

    const asked = await click('alarm_what_changed', incident, VIEWER, { value: arnOf('analytics-health') });
    await h.server.idle();
    const answer = answerTo(asked.responseUrl);
    expect(h.trailCalls).toEqual([
      { attribute: 'ResourceName', value: 'analytics-poc', accountId: ACCOUNT, region: 'us-east-1' },
    ]);
    expect(answer).toContain('*Changes in the hour before* (2 write calls, newest first)');
    expect(answer).toContain('ModifyCluster> on `analytics-poc` by `carol &lt;!channel&gt;`');
    expect(answer).not.toContain('DescribeClusters');
    const audits = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'audit');
    expect(audits).toEqual([
      expect.objectContaining({
        user: VIEWER,
        action: 'what-changed',
        target: 'analytics-health',
        outcome: '2 changes',
      }),
    ]);
  });

  it('says so, when asked, when nothing changed', async () => {
    await alarm('quiet-health');
    await notify('quiet-health', 'ALARM', new Date('2026-11-27T11:30:00Z'), onCluster('quiet-cluster'));
    const incident = topLevel().find((m) => JSON.stringify(m.attachments).includes('quiet-health'))!;
    expect(threadOf(incident).filter((t) => t.startsWith('Changes'))).toEqual([]);
    const asked = await click('alarm_what_changed', incident, VIEWER, { value: arnOf('quiet-health') });
    await h.server.idle();
    expect(answerTo(asked.responseUrl)).toContain(
      'No write calls on `quiet-cluster` in the hour before 2026-11-27 11:30:00 UTC',
    );
  });
});
