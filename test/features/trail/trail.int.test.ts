import { command, h, useIncidentHarness, VIEWER } from '../../support/incident-harness';

useIncidentHarness();

describe('/trail', () => {
  it('answers "who created analytics-poc?" with write events, newest first, escaped', async () => {
    await command('/trail', 'analytics-poc --since 2d', VIEWER);
    const blocks = JSON.stringify(h.slack.responses.at(-1)?.body.blocks);
    expect(h.trailCalls).toEqual([{ attribute: 'ResourceName', value: 'analytics-poc' }]);
    expect(blocks).toContain('*2 write calls* on `analytics-poc`');
    expect(blocks.indexOf('ModifyCluster')).toBeLessThan(blocks.indexOf('CreateCluster'));
    expect(blocks).not.toContain('DescribeClusters');
    expect(blocks).toContain('`carol &lt;!channel&gt;`');
    expect(blocks).toContain('from `203.0.113.7`');
  });
});
