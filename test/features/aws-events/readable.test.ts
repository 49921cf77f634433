import { classify } from '../../../src/app/classify';
import { renderInput } from '../../../src/app/render';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture } from '../../support/fixtures';

/** What a person sees of each message a fixture makes: its notification text and its blocks' texts. */
async function rendered(fixture: string) {
  const messages = await renderInput(loadFixture(fixture));
  return messages.map((message) => {
    expect(messageErrors(message as never)).toEqual([]);
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.text === 'string') texts.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(message.attachments ?? message.blocks);
    return { text: message.text, color: message.attachments?.[0]?.color, shown: texts.join('\n') };
  });
}

const kinds = (fixture: string) => deliveriesFrom(loadFixture(fixture)).map((d) => classify(d).kind);

describe('public payloads that used to fall back to the generic message', () => {
  it('a Security Hub finding without an Id, and one without a generator either (notify-slack)', async () => {
    for (const name of ['securityhub-finding-no-id-high', 'securityhub-finding-no-id-no-generator-medium'])
      expect(kinds(`notify-slack/${name}.json`)).toEqual(['event']);
    const [high] = await rendered('notify-slack/securityhub-finding-no-id-high.json');
    expect(high!.text).toBe('Security Hub HIGH: Google Suite Two-Factor Backup Codes uploaded to S3');
    expect(high!.shown).toContain('AwsS3Bucket `arn:aws:s3:::test-bucket-12`');
    expect(high!.shown).toContain('from Amazon Macie');
    const [medium] = await rendered('notify-slack/securityhub-finding-no-id-no-generator-medium.json');
    expect(medium!.text).toBe('Security Hub MEDIUM: Google Suite Two-Factor Backup Codes uploaded to S3');
    // Its id, which Security Hub noted among the product fields, still links to it.
    expect(medium!.shown).toContain('Open the finding in Security Hub');
  });

  it("AWS Backup's own SNS notifications, plain text (notify-slack): the job, its outcome, the resource", async () => {
    expect(kinds('notify-slack/sns-backup-notifications.json')).toEqual(['event', 'event', 'event', 'event']);
    const [done, failed, expired, copy] = await rendered('notify-slack/sns-backup-notifications.json');
    expect(done!.text).toBe('AWS Backup: Backup job for vol-012f345df6789012e COMPLETED');
    expect(done!.color).toBe('#2EB67D');
    expect(done!.shown).toContain('`arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e`');
    expect(done!.shown).toContain('`1b2345b2-f22c-4dab-5eb6-bbc7890ed123`');
    expect(done!.shown).toContain('account `123456789012` · `us-west-1`');
    expect(failed!.text).toBe('AWS Backup: Backup job for vol-012f345df6789012e FAILED');
    expect(failed!.color).toBe('#D13212');
    expect(expired!.text).toBe('AWS Backup: Backup job for vol-012f345df6789012e EXPIRED');
    expect(expired!.shown).toContain('An AWS Backup job failed to complete in time');
    expect(copy!.text).toBe('AWS Backup: Copy job FAILED');
    expect(copy!.shown).toContain('`2c3456c3-f33d-5ec6-cdc7-ccd890fe2345`');
  });

  it('Inspector2 Scan events: what was scanned and what it found (AWS docs, notify-slack)', async () => {
    expect(kinds('awsdocs/eventbridge-inspector2-scan-ecr-image.json')).toEqual(['event']);
    expect(kinds('notify-slack/inspector2-scan-ec2.json')).toEqual(['event']);
    const [ecr] = await rendered('awsdocs/eventbridge-inspector2-scan-ecr-image.json');
    expect(ecr!.text).toBe('Inspector scan of ECR image amazon/amazon-ecs-sample:latest: 158 findings, 7 critical');
    expect(ecr!.color).toBe('#D13212');
    expect(ecr!.shown).toContain('critical 7 · high 61 · medium 62 (158 in all)');
    expect(ecr!.shown).toContain('Initial scan complete');
    const [ec2] = await rendered('notify-slack/inspector2-scan-ec2.json');
    expect(ec2!.text).toBe('Inspector scan of EC2 instance i-087d63509b8c97098: no findings');
    expect(ec2!.color).toBe('#2EB67D');
  });

  it('ECS container instance state changes (AWS docs): status, agent, capacity left', async () => {
    expect(kinds('awsdocs/eventbridge-ecs-container-instance-state-change.json')).toEqual(['event']);
    const [m] = await rendered('awsdocs/eventbridge-ecs-container-instance-state-change.json');
    expect(m!.text).toBe('ECS container instance i-f3a8506b in default: ACTIVE');
    expect(m!.color).toBe('#9CA3AF');
    expect(m!.shown).toContain('connected · 1.13.0');
    expect(m!.shown).toContain('1,988 of 2,048 units free');
    expect(m!.shown).toContain('767 of 3,767 MiB free');
  });

  it('an OpenSearch domain creation that does not name who made it: the cost guard still reads it', async () => {
    const fixture = 'lamplighter/eventbridge-cloudtrail-opensearch-createdomain-no-identity.json';
    expect(kinds(fixture)).toEqual(['cloudtrail']);
    const [m] = await rendered(fixture);
    expect(m!.shown).toContain('test-domain');
    expect(m!.shown).toContain('someone unknown');
  });
});

describe('an event a formatter cannot fully read degrades to what it can show, never to the generic dump', () => {
  const event = (source: string, detailType: string, detail: unknown) => ({
    version: '0',
    id: 'degraded-1',
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-12-07T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  });
  const shown = async (input: unknown) => {
    const [m] = await renderInput(input);
    return { text: m!.text, all: JSON.stringify(m) };
  };

  it.each([
    [
      'an Inspector scan with no counts',
      event('aws.inspector2', 'Inspector2 Scan', {}),
      'Inspector scan of a resource: scan finished',
    ],
    [
      'a Security Hub finding whose product fields are not a map',
      event('aws.securityhub', 'Security Hub Findings - Imported', { findings: [{ Title: 'T', ProductFields: [1] }] }),
      'Security Hub INFORMATIONAL: T',
    ],
    [
      'a container instance with no detail',
      event('aws.ecs', 'ECS Container Instance State Change', {}),
      'ECS container instance: UNKNOWN',
    ],
    [
      'a Security Hub finding with nothing in it',
      event('aws.securityhub', 'Security Hub Findings - Imported', { findings: [{}] }),
      'Security Hub INFORMATIONAL: Security Hub finding',
    ],
  ])('%s', async (_name, input, text) => {
    expect(classify(deliveriesFrom(input)[0]!).kind).toBe('event');
    expect((await shown(input)).text).toBe(text);
  });

  it('a Backup notification with nothing but its sentence', async () => {
    const input = { Type: 'Notification', MessageId: 'b-only', Message: 'An AWS Backup job failed.' };
    expect(classify(deliveriesFrom(input)[0]!).kind).toBe('event');
    expect((await shown(input)).text).toBe('AWS Backup: Backup job FAILED');
  });

  it('a CloudTrail record whose identity is null', async () => {
    const input = loadFixture<{ detail: Record<string, unknown> }>(
      'awsdocs/eventbridge-cloudtrail-opensearch-createelasticsearchdomain.json',
    );
    input.detail.userIdentity = null;
    expect(classify(deliveriesFrom(input)[0]!).kind).toBe('cloudtrail');
    expect((await shown(input)).all).toContain('someone unknown');
  });
});
