import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScenarioTrail } from '../../../src/sandbox/web/trail';
import { ROOT } from '../../support/paths';

/** The awsdocs CreateCluster event, as EventBridge delivers it: us-east-2, account 123456789012. */
const createCluster = () =>
  JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/awsdocs/eventbridge-cloudtrail-redshift-createcluster.json'), 'utf8'),
  ) as { detail: Record<string, unknown> };

describe("the sandbox's stand-in CloudTrail event history", () => {
  const home = { region: 'us-east-1', account: '123456789012' };
  const event = createCluster();
  const at = new Date(String(event.detail.eventTime));
  const window = { start: new Date(at.getTime() - 3600_000), end: new Date(at.getTime() + 60_000), max: 10 };
  const trail = createScenarioTrail(home);
  trail.record(event);
  const cluster = String((event.detail.requestParameters as Record<string, unknown>).clusterIdentifier);

  it('answers for the region the call was made in, and only there (as LookupEvents does)', async () => {
    const there = await trail.port.lookup({
      attribute: 'ResourceName',
      value: cluster,
      region: 'us-east-2',
      ...window,
    });
    expect(there.map((e) => [e.name, e.source, e.resources])).toEqual([
      ['CreateCluster', 'redshift.amazonaws.com', [cluster]],
    ]);
    expect(there[0]!.time).toEqual(at);
    await expect(trail.port.lookup({ attribute: 'ResourceName', value: cluster, ...window })).resolves.toEqual([]);
    await expect(
      trail.port.lookup({
        attribute: 'ResourceName',
        value: cluster,
        region: 'us-east-2',
        accountId: '222222222222',
        ...window,
      }),
    ).resolves.toEqual([]);
  });

  it('outside the time asked, or for another name, finds nothing', async () => {
    const later = { start: new Date(at.getTime() + 60_000), end: new Date(at.getTime() + 3600_000), max: 10 };
    await expect(
      trail.port.lookup({ attribute: 'ResourceName', value: cluster, region: 'us-east-2', ...later }),
    ).resolves.toEqual([]);
    await expect(
      trail.port.lookup({ attribute: 'ResourceName', value: 'another', region: 'us-east-2', ...window }),
    ).resolves.toEqual([]);
  });

  it('finds calls by user name, newest first, at most max', async () => {
    const t = createScenarioTrail(home);
    for (const minutes of [30, 10, 20]) {
      const e = createCluster();
      Object.assign(e.detail, {
        awsRegion: 'us-east-1',
        eventID: `e-${minutes}`,
        eventTime: new Date(at.getTime() - minutes * 60_000).toISOString(),
      });
      t.record(e);
    }
    const user = String((event.detail.userIdentity as Record<string, unknown>).userName);
    const found = await t.port.lookup({ attribute: 'Username', value: user, ...window, max: 2 });
    expect(found.map((e) => e.id)).toEqual(['e-10', 'e-20']);
  });
});
