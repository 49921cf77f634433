import { renderInput } from '../../../src/app/render';
import { findingTypeInWords, guardDutyLevel } from '../../../src/features/aws-events/guardduty';
import { eventTypeInWords } from '../../../src/features/aws-events/health';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture } from '../../support/fixtures';

/** What a person sees: the notification text, and every text of the message's blocks. */
async function rendered(fixture: string) {
  const [message, ...more] = await renderInput(loadFixture(fixture));
  expect(more).toEqual([]);
  expect(messageErrors(message as never)).toEqual([]);
  const attachment = message!.attachments?.[0];
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(attachment?.blocks);
  return { text: message!.text, color: attachment?.color, shown: texts.join('\n') };
}

describe('GuardDuty findings', () => {
  it('shows the level and its colour, the finding in words, the resource, where, when, how often, and a link', async () => {
    const m = await rendered('lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json');
    expect(m.text).toBe(
      'GuardDuty HIGH: Credentials for the EC2 instance role payments-api-role used from an external IP address.',
    );
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('HIGH (8)');
    expect(m.shown).toContain('Unauthorized access on IAMUser: instance credential exfiltration, outside AWS');
    expect(m.shown).toContain('access key `ASIAEXAMPLEEXAMPLE12` of `payments-api-role`');
    expect(m.shown).toContain('account `123456789012` · `eu-west-1`');
    expect(m.shown).toContain('2026-11-30 21:31:05 UTC');
    expect(m.shown).toContain('2026-11-30 21:45:40 UTC');
    expect(m.shown).toMatch(/\*Count\*\n7/);
    expect(m.shown).toContain(
      '<https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=d2c6a1b0f4e8a9c7b3d5e1f0a2b4c6d8|Open the finding in GuardDuty>',
    );
    // Untrusted text: a mention shows as text, and a lone backtick cannot open a code span.
    expect(m.shown).toContain('&lt;!channel&gt; ˋ');
    expect(m.shown).not.toContain('<!channel>');
  });

  it('reads the full aws-to-slack finding (severity 2: LOW, an EC2 instance) and the partial notify-slack one (9: CRITICAL)', async () => {
    const low = await rendered('aws-to-slack/sns-guardduty-finding-full.json');
    expect(low.text).toMatch(/^GuardDuty LOW: /);
    expect(low.shown).toContain('EC2 instance `i-blart`');
    expect(low.shown).toContain('`ap-southeast-2`');
    const critical = await rendered('notify-slack/guardduty-finding-high-partial.json');
    expect(critical.text).toBe(
      'GuardDuty CRITICAL: SAMPLE Unprotected port on EC2 instance i-123123123 is being probed',
    );
    expect(critical.color).toBe('#7D1007');
    expect(critical.shown).toMatch(/\*Count\*\n1,234/);
  });

  it('names the levels as GuardDuty does, and types in words', () => {
    expect([1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map((s) => guardDutyLevel(s).label)).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
    expect(findingTypeInWords('Recon:EC2/PortProbeUnprotectedPort')).toBe('Recon on EC2: port probe unprotected port');
    expect(findingTypeInWords('UnauthorizedAccess:EC2/SSHBruteForce')).toBe(
      'Unauthorized access on EC2: SSH brute force',
    );
    expect(findingTypeInWords('Trojan:EC2/DNSDataExfiltration!DNS')).toBe('Trojan on EC2: DNS data exfiltration (DNS)');
    expect(findingTypeInWords('not a type')).toBe('not a type');
    // Malformed or hostile types are shown, never thrown on.
    expect(findingTypeInWords('Recon:EC2/Foo.')).toBe('Recon on EC2: foo');
    expect(findingTypeInWords('Recon:EC2/.')).toBe('Recon on EC2: .');
    expect(findingTypeInWords(`${'A'.repeat(50_000)}:EC2/X`)).toBe(`${'A'.repeat(50_000)}:EC2/X`);
  });
});

describe('AWS Health events', () => {
  it('shows the service, the event in words, its status, start, the affected entity and the account', async () => {
    const m = await rendered('notify-slack/eventbridge-aws-health-event.json');
    expect(m.text).toBe('AWS Health OPEN · EC2: Instance store drive performance degraded');
    expect(m.shown).toContain('OPEN · Issue');
    expect(m.shown).toContain('`AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED`');
    expect(m.shown).toContain('2016-06-05 15:10:09 UTC');
    expect(m.shown).toContain('*Affected (1)*\n`i-abcd1111`');
    expect(m.shown).toContain('account `123456789012` · `us-west-2`');
    expect(m.shown).toContain('A description of the event will be provided here');
  });

  it('says closed when it has an end, and keeps the description’s paragraphs', async () => {
    const m = await rendered('aws-to-slack/eventbridge-aws-health-acm-renewal.json');
    expect(m.text).toMatch(/^AWS Health CLOSED · service: /);
    expect(m.color).toBe('#2EB67D');
    expect(m.shown).toContain('2016-06-05 05:30:57 UTC');
    expect(m.shown).toContain('all regions'); // its region is "region", not a region code
    expect(m.shown).toContain('expires on Mar 13, 2019 at 12:00:00 UTC');
    expect(m.shown).not.toContain('\\n');
  });

  it('puts event type codes into words', () => {
    expect(eventTypeInWords('AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED', 'EC2')).toBe(
      'Instance store drive performance degraded',
    );
    expect(eventTypeInWords('AWS_RDS_MAINTENANCE_SCHEDULED', 'RDS')).toBe('Maintenance scheduled');
    expect(eventTypeInWords('AWS_ACM_RENEWAL_STATE_CHANGE', undefined)).toBe('Acm renewal state change');
  });
});

describe('Security Hub findings', () => {
  it('shows the severity label, the title, the resources, compliance and workflow, where, and links', async () => {
    const m = await rendered('lamplighter/eventbridge-securityhub-findings-imported.json');
    expect(m.text).toBe('Security Hub HIGH: S3.8 S3 general purpose buckets should block public access');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Resources*\nAwsS3Bucket `arn:aws:s3:::payments-exports-prod`');
    expect(m.shown).toContain('*Compliance*\nFAILED');
    expect(m.shown).toContain('*Workflow*\nNEW · ACTIVE');
    expect(m.shown).toContain('account `123456789012` · `us-east-1`');
    expect(m.shown).toContain('|Open the finding in Security Hub>');
    expect(m.shown).toContain('<https://docs.aws.amazon.com/console/securityhub/S3.8/remediation|Remediation>');
    expect(m.shown).toContain('from AWS Security Hub');
  });

  it('links a remediation only on AWS’s own pages (any product may set it)', async () => {
    const event = loadFixture<{ detail: { findings: Array<{ Remediation: { Recommendation: { Url: string } } }> } }>(
      'lamplighter/eventbridge-securityhub-findings-imported.json',
    );
    event.detail.findings[0]!.Remediation.Recommendation.Url = 'https://aws-docs.example.net/fix-now';
    const [message] = await renderInput(event);
    expect(JSON.stringify(message)).not.toContain('example.net');
  });

  it('lists an import of many findings in one message, the most severe first', async () => {
    const event = loadFixture<{ detail: { findings: Array<Record<string, unknown>> } }>(
      'lamplighter/eventbridge-securityhub-findings-imported.json',
    );
    const base = event.detail.findings[0]!;
    event.detail.findings = Array.from({ length: 14 }, (_, i) => ({
      ...base,
      Id: `finding-${i}`,
      Title: `Finding <!here> ${i}`,
      Severity: { Label: i === 9 ? 'CRITICAL' : 'LOW' },
    }));
    const [message] = await renderInput(event);
    expect(message!.text).toBe('Security Hub: 14 findings, the worst CRITICAL');
    const text = JSON.stringify(message!.attachments);
    expect(text.indexOf('Finding &lt;!here&gt; 9')).toBeLessThan(text.indexOf('Finding &lt;!here&gt; 0'));
    expect(text).toContain('…and 4 more');
    expect(text).not.toContain('<!here>');
  });
});

describe('state changes', () => {
  it('shows a CodePipeline execution: the pipeline, its state, the execution, where, and a link', async () => {
    const m = await rendered('aws-to-slack/eventbridge-codepipeline-execution-state-change.json');
    expect(m.text).toBe('Pipeline my-pipeline STARTED');
    expect(m.shown).toContain('*Execution*\n`b938328a-79f5-484b-bff3-a412c69ef1eb`');
    expect(m.shown).toContain(
      '<https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-pipeline/view?region=us-east-1|Open the pipeline>',
    );
    const failed = loadFixture<{ detail: { state: string } }>(
      'aws-to-slack/eventbridge-codepipeline-execution-state-change.json',
    );
    failed.detail.state = 'FAILED';
    const [message] = await renderInput(failed);
    expect(message!.text).toBe('Pipeline my-pipeline FAILED');
    expect(message!.attachments?.[0]?.color).toBe('#D13212');
  });

  it('shows an EC2 instance’s new state, where, and a link to it', async () => {
    const m = await rendered('powertools/eventbridge-ec2-instance-state-change.json');
    expect(m.text).toBe('EC2 instance i-1234567890abcdef0 TERMINATED');
    expect(m.shown).toContain('account `111122223333` · `us-west-1`');
    expect(m.shown).toContain('#InstanceDetails:instanceId=i-1234567890abcdef0|Open the instance>');
  });
});
