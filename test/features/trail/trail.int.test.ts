import { command, h, useIncidentHarness, VIEWER } from '../../support/incident-harness';

useIncidentHarness();

describe('/trail', () => {
  it('answers "who created analytics-poc?" with write events, newest first, escaped', async () => {
    await command('/trail', 'analytics-poc --since 2d', VIEWER);
    const blocks = JSON.stringify(h.slack.responses.at(-1)?.body.blocks);
    expect(h.trailCalls).toEqual([{ attribute: 'ResourceName', value: 'analytics-poc', region: 'us-east-1' }]);
    expect(blocks).toContain('*2 write calls* on `analytics-poc`');
    expect(blocks.indexOf('ModifyCluster')).toBeLessThan(blocks.indexOf('CreateCluster'));
    expect(blocks).not.toContain('DescribeClusters');
    expect(blocks).toContain('`carol &lt;!channel&gt;`');
    expect(blocks).toContain('from `203.0.113.7`');
  });

  it('looks in another region with --region, and says so; --account needs the organisation set up', async () => {
    h.trailCalls.length = 0;
    await command('/trail', 'analytics-poc --region eu-west-1', VIEWER);
    expect(h.trailCalls).toEqual([{ attribute: 'ResourceName', value: 'analytics-poc', region: 'eu-west-1' }]);
    const blocks = JSON.stringify(h.slack.responses.at(-1)?.body.blocks);
    expect(blocks).toContain('CloudTrail event history, eu-west-1');
    expect(blocks).toContain('https://eu-west-1.console.aws.amazon.com/cloudtrail');
    const refused = await command('/trail', 'analytics-poc --account prod-payments', VIEWER);
    expect(refused.answer).toContain('`--account` needs the organisation set up');
    expect(h.trailCalls).toHaveLength(1);
  });
});
