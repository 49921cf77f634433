import { DescribeSnapshotsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { createSlackAppAws } from '../../../src/adapters/aws/slack-app-aws';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import { sweep } from '../../../src/app/sweeper';
import { jsonLogger } from '../../../src/kernel/log';
import {
  ALERTS,
  ALICE,
  answerTo,
  command,
  h,
  OPS,
  post,
  TABLE,
  TOKEN,
  useIncidentHarness,
} from '../../support/incident-harness';
import { buttonBody, slashCommandBody } from '../../support/slack-sign';

useIncidentHarness();

describe('/snapshot', () => {
  const ec2 = new EC2Client({});
  let instanceId = '';

  beforeAll(async () => {
    const res = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 50 } },
          { DeviceName: '/dev/sdg', Ebs: { VolumeSize: 200 } },
        ],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web-1' }] }],
      }),
    );
    instanceId = res.Instances?.[0]?.InstanceId ?? '';
  });

  const lamplighterSnapshots = async () =>
    (await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:CreatedBy', Values: ['Lamplighter'] }] })))
      .Snapshots ?? [];

  /** The confirm button of the preview an earlier answer showed. */
  function confirmValue(responseUrl: string): string {
    const blocks = h.slack.responses.find((r) => responseUrl.endsWith(r.id))?.body.blocks as Array<{
      type: string;
      elements?: Array<{ action_id: string; value?: string; confirm?: unknown }>;
    }>;
    const button = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'snapshot_confirm');
    // One confirmation: the preview and its button, no second dialog on top.
    expect(button?.confirm).toBeUndefined();
    return button?.value ?? '';
  }

  it('shows what it will snapshot, and on confirm snapshots every volume of the instance, tagged', async () => {
    const responseUrl = h.slack.responseUrl();
    await post(
      slashCommandBody({
        command: '/snapshot',
        text: 'web-1 before the risky deploy',
        responseUrl,
        user: OPS,
        channel: ALERTS,
      }),
    );
    await h.server.idle();
    const preview = answerTo(responseUrl);
    expect(preview).toContain(`of instance \`${instanceId}\` (web-1)?`);
    expect(preview).toMatch(/50 GiB · \/dev\/sdf/);
    expect(preview).toMatch(/200 GiB · \/dev\/sdg/);
    expect(preview).toMatch(/Snapshot \d volumes \(\d+ GiB\)/);
    expect(await lamplighterSnapshots()).toHaveLength(0);

    const confirm = h.slack.responseUrl();
    const body = buttonBody({
      actionId: 'snapshot_confirm',
      value: confirmValue(responseUrl),
      responseUrl: confirm,
      user: OPS,
      channel: ALERTS,
    });
    expect((await post(body)).status).toBe(200);
    await h.server.idle();
    expect(answerTo(confirm)).toMatch(/Started \d snapshots/);
    expect(h.slack.responses.find((r) => confirm.endsWith(r.id))?.body.replace_original).toBe(true);
    const snapshots = await lamplighterSnapshots();
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snap of snapshots) {
      const tags = Object.fromEntries((snap.Tags ?? []).map((t) => [t.Key, t.Value]));
      expect(tags).toMatchObject({ CreatedBy: 'Lamplighter', RequestedBy: OPS, Reason: 'before the risky deploy' });
    }
    const progress = h.slack.messages.find((m) => m.text.startsWith('Snapshots of'));
    expect(progress?.text).toBe(`Snapshots of ${instanceId}: completed`);

    // A second click on the same confirmation creates nothing more.
    const again = h.slack.responseUrl();
    await post(
      buttonBody({
        actionId: 'snapshot_confirm',
        value: confirmValue(responseUrl),
        responseUrl: again,
        user: OPS,
        channel: ALERTS,
      }),
    );
    await h.server.idle();
    expect(answerTo(again)).toContain('That snapshot was already confirmed by <@U0OPS00001>');
    expect(await lamplighterSnapshots()).toHaveLength(snapshots.length);
  });

  it('creates nothing when the confirmation is refused', async () => {
    const before = (await lamplighterSnapshots()).length;
    const responseUrl = h.slack.responseUrl();
    await post(slashCommandBody({ command: '/snapshot', text: instanceId, responseUrl, user: OPS, channel: ALERTS }));
    await h.server.idle();
    const cancel = h.slack.responseUrl();
    await post(
      buttonBody({ actionId: 'snapshot_cancel', value: instanceId, responseUrl: cancel, user: OPS, channel: ALERTS }),
    );
    await h.server.idle();
    expect(answerTo(cancel)).toContain('Cancelled: nothing of');
    expect(await lamplighterSnapshots()).toHaveLength(before);
  });

  it('is for operators: a responder is refused, at the command and at the confirm button', async () => {
    expect((await command('/snapshot', 'web-1', ALICE)).answer).toContain(
      'You need the operator role to snapshot volumes',
    );
    const responseUrl = h.slack.responseUrl();
    await post(slashCommandBody({ command: '/snapshot', text: 'web-1', responseUrl, user: OPS, channel: ALERTS }));
    await h.server.idle();
    const before = (await lamplighterSnapshots()).length;
    const click = h.slack.responseUrl();
    await post(
      buttonBody({
        actionId: 'snapshot_confirm',
        value: confirmValue(responseUrl),
        responseUrl: click,
        user: ALICE,
        channel: ALERTS,
      }),
    );
    await h.server.idle();
    expect(answerTo(click)).toContain('You need the operator role');
    expect(await lamplighterSnapshots()).toHaveLength(before);
  });

  it('says plainly when there is nothing by that name', async () => {
    expect((await command('/snapshot', 'vol-0000000000000dead', OPS)).answer).toContain(
      'Nothing to snapshot: no volume, instance or Name tag `vol-0000000000000dead`',
    );
  });
});

describe('the sweeper follows snapshots', () => {
  it('keeps the progress message up to date until every snapshot completes', async () => {
    const aws = createSlackAppAws(TABLE);
    const client = createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 });
    const request = { target: 'i-0abc', instanceId: 'i-0abc', volumes: ['vol-01', 'vol-02'], reason: 'pre-upgrade' };
    const posted = await client.postMessage(ALERTS, { text: 'Snapshots of i-0abc: in progress' });
    await aws.stores!.snapshots.putSnapshotJob({
      id: 'job-1',
      channel: posted.channel,
      ts: posted.ts,
      user: OPS,
      snapshotIds: ['snap-1', 'snap-2'],
      request,
    });
    // moto completes snapshots at once; the adapter boundary plays a slow EBS here.
    const states = [
      [
        { id: 'snap-1', volumeId: 'vol-01', state: 'pending', progress: '40%' },
        { id: 'snap-2', volumeId: 'vol-02', state: 'completed', progress: '100%' },
      ],
      [
        { id: 'snap-1', volumeId: 'vol-01', state: 'completed', progress: '100%' },
        { id: 'snap-2', volumeId: 'vol-02', state: 'completed', progress: '100%' },
      ],
    ];
    const ec2 = {
      plan: async () => undefined,
      createSnapshots: async () => [],
      snapshotStatus: async () => states.shift() ?? [],
    };
    const deps = {
      escalateAfterMs: 0,
      stores: aws.stores!,
      alarms: aws.alarms,
      ec2,
      region: 'us-east-1',
      slack: client,
      now: () => new Date(),
      deadline: () => Date.now() + 10_000,
      log: jsonLogger(() => undefined),
    };
    expect((await sweep(deps)).snapshotsFinished).toBe(0);
    expect(h.slack.message(posted.channel, posted.ts)?.text).toBe('Snapshots of i-0abc: in progress');
    expect(JSON.stringify(h.slack.message(posted.channel, posted.ts)?.blocks)).toContain(
      '`snap-1` of `vol-01` · pending 40%',
    );
    expect((await sweep(deps)).snapshotsFinished).toBe(1);
    expect(h.slack.message(posted.channel, posted.ts)?.text).toBe('Snapshots of i-0abc: completed');
    expect(await aws.stores!.snapshots.listSnapshotJobs()).toEqual([]);
  });
});
