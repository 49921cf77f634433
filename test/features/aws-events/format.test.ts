import { renderInput } from '../../../src/app/render';
import { awsEventFrom } from '../../../src/features/aws-events/event';
import { formatAwsEvent } from '../../../src/features/aws-events/format';
import { findingTypeInWords, guardDutyLevel } from '../../../src/features/aws-events/guardduty';
import { eventTypeInWords } from '../../../src/features/aws-events/health';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture } from '../../support/fixtures';
import { messageHtml } from '../../../src/sandbox/web/blocks-html';

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

const GUARDDUTY = 'lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json';

describe('GuardDuty findings', () => {
  it('shows the level and its colour, the finding in words, the resource, where, when, how often, and a link', async () => {
    const m = await rendered(GUARDDUTY);
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
      '<https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&amp;fId=d2c6a1b0f4e8a9c7b3d5e1f0a2b4c6d8|Open the finding in GuardDuty>',
    );
    // Untrusted text: a mention shows as text, and a lone backtick cannot open a code span; it
    // reads as the backtick it is, with no stray look-alike (ˋ) after the text.
    expect(m.shown).toContain('&lt;!channel&gt; <!date^0^{_}|`>');
    expect(m.shown).not.toContain('<!channel>');
    const drawn = messageHtml((await renderInput(loadFixture(GUARDDUTY)))[0]!);
    expect(drawn).toContain('&lt;!channel&gt; `');
    expect(drawn).not.toContain('ˋ');
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

/** A fixture with its detail edited, rendered as a person sees it. */
async function renderedWith<D>(fixture: string, edit: (detail: D, event: Record<string, unknown>) => void) {
  const event = loadFixture<{ detail: D } & Record<string, unknown>>(fixture);
  edit(event.detail, event);
  const [message, ...more] = await renderInput(event);
  expect(more).toEqual([]);
  expect(messageErrors(message as never)).toEqual([]);
  const shown = JSON.stringify(message!.attachments);
  return { text: message!.text, color: message!.attachments?.[0]?.color, shown };
}

const HOSTILE = '<!channel> *bold* `tick';

describe('Inspector findings', () => {
  it('shows the severity and its colour, the CVE (linked), the package and its fix, the EC2 instance, and where', async () => {
    const m = await rendered('lamplighter/eventbridge-inspector2-finding-ec2-high.json');
    expect(m.text).toBe('Inspector HIGH: CVE-2024-6387 - openssh-server');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Severity*\nHIGH (score 8.1)');
    expect(m.shown).toContain('*Type*\nPackage vulnerability');
    expect(m.shown).toContain('<https://nvd.nist.gov/vuln/detail/CVE-2024-6387|CVE-2024-6387>');
    expect(m.shown).toContain('`openssh-server 8.7p1` → fixed in `0:8.7p1-8.amzn2023.0.11`');
    expect(m.shown).toContain('*Resource*\nEC2 instance `i-0a1b2c3d4e5f67890` (m6i.large)');
    expect(m.shown).toContain('*Status*\nACTIVE');
    expect(m.shown).toContain('account `123456789012` · `eu-west-1`');
    expect(m.shown).toContain('2026-11-30 16:58:02 UTC');
    expect(m.shown).toContain(
      '<https://eu-west-1.console.aws.amazon.com/inspector/v2/home?region=eu-west-1#/findings/all|Open Inspector findings>',
    );
  });

  it('reads the ECR image finding of the ECR User Guide (MEDIUM, no fixed version, times without a zone not shown as such)', async () => {
    const m = await rendered('awsdocs/eventbridge-inspector2-finding-ecr-image.json');
    expect(m.text).toBe('Inspector MEDIUM: CVE-2019-17498 - libssh2');
    expect(m.color).toBe('#FF9900');
    expect(m.shown).toContain('*Resource*\nECR image `amazon/amazon-ecs-sample:latest`');
    expect(m.shown).toContain('`libssh2 1.4.3` → no fix yet');
    // `updatedAt` is "Dec 3, 2021, 6:02:30 PM" (no zone): the envelope's time is shown instead.
    expect(m.shown).toContain('*Updated*\n2021-12-03 18:02:30 UTC');
  });

  it('names a Lambda function, a CRITICAL level, a closed finding, and escapes its text', async () => {
    const m = await renderedWith<Record<string, unknown>>(
      'lamplighter/eventbridge-inspector2-finding-ec2-high.json',
      (d) => {
        d.severity = 'CRITICAL';
        d.status = 'CLOSED';
        d.title = `Bad ${HOSTILE}`;
        d.description = HOSTILE;
        d.resources = [
          {
            type: 'AWS_LAMBDA_FUNCTION',
            id: 'arn:x',
            details: { awsLambdaFunction: { functionName: 'pay', runtime: 'nodejs22.x' } },
          },
        ];
      },
    );
    expect(m.text).toBe('Inspector CRITICAL: Bad &lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(m.color).toBe('#2EB67D');
    expect(m.shown).toContain('Inspector CRITICAL (closed): Bad <!channel>'); // the header is plain text
    expect(m.shown).toContain('Lambda function `pay` (nodejs22.x)');
    expect(m.shown).toContain('&lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(m.shown.replace(/"type":"plain_text","text":"[^"]*"/g, '')).not.toContain('<!channel>');
  });

  it('keys updates on the finding ARN, with an update line for its thread', () => {
    const event = awsEventFrom(loadFixture('lamplighter/eventbridge-inspector2-finding-ec2-high.json'))!;
    const formatted = formatAwsEvent(event)!;
    expect(formatted.key).toBe(
      'inspector2:123456789012:arn:aws:inspector2:eu-west-1:123456789012:finding/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    );
    expect(formatted.update).toBe(':repeat: Updated: HIGH · ACTIVE, at 2026-11-30 16:58:02 UTC');
  });
});

describe('AWS Backup jobs', () => {
  it('shows a failed backup job: the resource, the vault, the job, AWS’s message (its quotes dropped) and a link', async () => {
    const m = await rendered('lamplighter/eventbridge-backup-job-failed.json');
    expect(m.text).toBe('AWS Backup: Backup job for payments-prod FAILED');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Resource*\nRDS `arn:aws:rds:eu-west-1:123456789012:db:payments-prod`');
    expect(m.shown).toContain('*Vault*\n`payments-daily`');
    expect(m.shown).toContain(
      '*Status message*\nBackup job failed because the DB instance payments-prod is not in the available state.',
    );
    expect(m.shown).toContain(
      '<https://eu-west-1.console.aws.amazon.com/backup/home?region=eu-west-1#/jobs/backup/details/34176239-e96d-4e1d-9fad-529dbb3c3556|Open the backup job>',
    );
  });

  it('reads a restore job’s `status` and its size, and a copy job’s two vaults', async () => {
    const restore = await rendered('lamplighter/eventbridge-backup-restore-job-failed.json');
    expect(restore.text).toBe('AWS Backup: Restore job for ami-0a1b2c3d4e5f67890 FAILED');
    expect(restore.shown).toContain('*Size*\n21 GiB');
    expect(restore.shown).toContain(
      '#/jobs/restore/details/1B234A56-789B-01CD-2A34-4567A08901FD|Open the restore job>',
    );
    const copy = await renderedWith<Record<string, unknown>>(
      'lamplighter/eventbridge-backup-job-failed.json',
      (d, e) => {
        e['detail-type'] = 'Copy Job State Change';
        delete d.backupJobId;
        d.copyJobId = 'C0PY-1';
        d.state = 'ABORTED';
        d.sourceBackupVaultArn = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:payments-daily';
        d.destinationBackupVaultArn = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:payments-dr';
        d.statusMessage = HOSTILE;
      },
    );
    expect(copy.text).toBe('AWS Backup: Copy job for payments-prod ABORTED');
    expect(copy.shown).toContain('*Vaults*\\n`payments-daily` → `payments-dr`');
    expect(copy.shown).toContain('&lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(copy.shown).not.toContain('<!channel>');
  });
});

describe('CodeBuild and CodeDeploy', () => {
  it('shows a build: the project and build number, its status, who started it, and a link to the build', async () => {
    const m = await rendered('aws-lambda-go/eventbridge-codebuild-state-change.json');
    expect(m.text).toBe('CodeBuild my-sample-project #55 SUCCEEDED');
    expect(m.color).toBe('#2EB67D');
    expect(m.shown).toContain('*Started by*\n`MyCodeBuildDemoUser`');
    expect(m.shown).toContain(
      '<https://us-west-2.console.aws.amazon.com/codesuite/codebuild/projects/my-sample-project/build/my-sample-project%3A8745a7a9-c340-456a-9166-edf953571bEX/?region=us-west-2|Open the build>',
    );
  });

  it('says which phase failed and why, escaped', async () => {
    const m = await renderedWith<{
      'build-status': string;
      'additional-information': { phases: Array<Record<string, unknown>> };
    }>('aws-lambda-go/eventbridge-codebuild-state-change.json', (d) => {
      d['build-status'] = 'FAILED';
      d['additional-information'].phases.push({
        'phase-type': 'BUILD',
        'phase-status': 'FAILED',
        'phase-context': [`COMMAND_EXECUTION_ERROR: ${HOSTILE}`],
      });
    });
    expect(m.text).toBe('CodeBuild my-sample-project #55 FAILED');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Failed phase*\\n`BUILD` FAILED');
    expect(m.shown).toContain('COMMAND_EXECUTION_ERROR: &lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(m.shown).not.toContain('<!channel>');
  });

  it('shows a deployment: the application and group, its state, and a link', async () => {
    const m = await rendered('aws-lambda-go/eventbridge-codedeploy-deployment-event.json');
    expect(m.text).toBe('CodeDeploy myApplication/myDeploymentGroup SUCCEEDED');
    expect(m.shown).toContain('*Deployment*\n`d-123456789`');
    expect(m.shown).toContain(
      '<https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-123456789?region=us-east-1|Open the deployment>',
    );
    const failed = await renderedWith<{ state: string }>(
      'aws-lambda-go/eventbridge-codedeploy-deployment-event.json',
      (d) => {
        d.state = 'FAILURE';
      },
    );
    expect(failed.text).toBe('CodeDeploy myApplication/myDeploymentGroup FAILED');
    expect(failed.color).toBe('#D13212');
  });
});

describe('ECS', () => {
  it('shows a stopped task: why, each container’s exit code and reason, the cluster, group, task definition, a link', async () => {
    const m = await rendered('lamplighter/eventbridge-ecs-task-stopped.json');
    expect(m.text).toBe('ECS task of service:payments-api STOPPED (exit 137)');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Cluster*\n`payments`');
    expect(m.shown).toContain('*Task definition*\n`payments-api:42`');
    expect(m.shown).toContain('*Stop code*\n`EssentialContainerExited`');
    expect(m.shown).toContain('*Reason*\nEssential container in task exited');
    expect(m.shown).toContain('• `api` exit 137 — OutOfMemoryError: Container killed due to memory usage');
    expect(m.shown).toContain('• `log-router` exit 0');
    expect(m.shown).toContain(
      '<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/payments/tasks/0b69d5c0d0f84a0f9e3c1f3f5a6e2c11/configuration?region=eu-west-1|Open the task>',
    );
  });

  it('leaves a running task to the generic message, greys a clean stop and escapes a hostile reason', async () => {
    const running = loadFixture<{ detail: { lastStatus: string } }>('lamplighter/eventbridge-ecs-task-stopped.json');
    running.detail.lastStatus = 'RUNNING';
    expect(formatAwsEvent(awsEventFrom(running)!)).toBeUndefined();
    const clean = await renderedWith<{
      stoppedReason: string;
      containers: Array<{ exitCode: number; reason?: string }>;
    }>('lamplighter/eventbridge-ecs-task-stopped.json', (d) => {
      d.containers[0]!.exitCode = 0;
      d.containers[0]!.reason = HOSTILE;
      d.stoppedReason = HOSTILE;
    });
    expect(clean.text).toBe('ECS task of service:payments-api STOPPED');
    expect(clean.color).toBe('#9CA3AF');
    expect(clean.shown).toContain('*Reason*\\n&lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(clean.shown).not.toContain('<!channel>');
  });

  it('shows a failed service deployment (the ECS Developer Guide’s example): the service, cluster, reason, a link', async () => {
    const m = await rendered('awsdocs/eventbridge-ecs-deployment-failed.json');
    expect(m.text).toBe('ECS deployment of servicetest FAILED');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Event*\n`SERVICE_DEPLOYMENT_FAILED`');
    expect(m.shown).toContain('*Deployment*\n`ecs-svc/123`');
    expect(m.shown).toContain('*Reason*\nECS deployment circuit breaker: task failed to start.');
    expect(m.shown).toContain(
      '<https://us-west-2.console.aws.amazon.com/ecs/v2/clusters/default/services/servicetest?region=us-west-2|Open the service>',
    );
  });
});

describe('Auto Scaling and Spot', () => {
  it('shows a launch that failed: the group, the instance, placement, AWS’s message and cause, a link to its activity', async () => {
    const m = await rendered('aws-lambda-go/eventbridge-autoscaling-event-launch-unsuccessful.json');
    expect(m.text).toBe('Auto Scaling group my-auto-scaling-group could not launch an instance');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Placement*\n`us-west-2b` · `subnet-12345678`');
    expect(m.shown).toContain('*Status message*\nmessage-text\n*Cause*\ndescription-text');
    expect(m.shown).toContain(
      '#AutoScalingGroupDetails:id=my-auto-scaling-group;view=activity|Open the group’s activity>',
    );
    const terminate = await rendered('aws-lambda-go/eventbridge-autoscaling-event-terminate-unsuccessful.json');
    expect(terminate.text).toBe('Auto Scaling group my-auto-scaling-group could not terminate an instance');
  });

  it('shows a Spot interruption warning: the instance, the action, and when it happens', async () => {
    const m = await rendered('lamplighter/eventbridge-ec2-spot-interruption-warning.json');
    expect(m.text).toBe('Spot instance i-0a1b2c3d4e5f67890 will be terminated in 2 minutes');
    expect(m.color).toBe('#FF9900');
    expect(m.shown).toContain('*Interrupted at*\n2026-11-30 16:22:11 UTC (2 minutes later)');
    expect(m.shown).toContain('#InstanceDetails:instanceId=i-0a1b2c3d4e5f67890|Open the instance>');
  });
});

describe('CloudFormation', () => {
  it('shows a stack rolled back: its name from the stack id, the status in words, the reason, a link to its events', async () => {
    const m = await rendered('lamplighter/eventbridge-cloudformation-stack-status-change.json');
    expect(m.text).toBe('Stack payments-api-prod UPDATE ROLLBACK COMPLETE');
    expect(m.color).toBe('#FF9900');
    expect(m.shown).toContain('*Reason*\nThe following resource(s) failed to update: [ApiFunction].');
    expect(m.shown).toContain(
      '<https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/events?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2Fpayments-api-prod%2F7f7ec9c0-8f0c-11f1-8a5c-0a1b2c3d4e5f|Open the stack’s events>',
    );
  });

  it('shows a resource that failed, and escapes the reason', async () => {
    const m = await rendered('lamplighter/eventbridge-cloudformation-resource-status-change.json');
    expect(m.text).toBe('Stack payments-api-prod: ApiFunction UPDATE FAILED');
    expect(m.color).toBe('#D13212');
    expect(m.shown).toContain('*Resource*\n`ApiFunction` (AWS::Lambda::Function)');
    expect(m.shown).toContain('Memory size must be between 128 and 10240 MB');
    const hostile = await renderedWith<{ 'status-details': { 'status-reason': string } }>(
      'lamplighter/eventbridge-cloudformation-resource-status-change.json',
      (d) => {
        d['status-details']['status-reason'] = HOSTILE;
      },
    );
    expect(hostile.shown).toContain('*Reason*\\n&lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(hostile.shown).not.toContain('<!channel>');
  });
});

describe('RDS and Config', () => {
  it('shows an RDS event (the RDS User Guide’s failover): the instance, the message, the event id linked, a link', async () => {
    const m = await rendered('awsdocs/eventbridge-rds-db-instance-failover.json');
    expect(m.text).toBe('RDS DB instance my-db-instance: A Multi-AZ failover has completed.');
    expect(m.color).toBe('#FF9900');
    expect(m.shown).toContain('*Categories*\nfailover');
    expect(m.shown).toContain(
      '<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html|RDS-EVENT-0049>',
    );
    expect(m.shown).toContain(
      '<https://us-east-1.console.aws.amazon.com/rds/home?region=us-east-1#database:id=my-db-instance;is-cluster=false|Open the database>',
    );
    const snapshot = await rendered('awsdocs/eventbridge-rds-db-snapshot-deleted.json');
    expect(snapshot.text).toBe('RDS DB snapshot my-db-snapshot: Deleted manual snapshot');
    expect(snapshot.color).toBe('#4A90D9');
  });

  it('shows a Config compliance change: the rule, the resource, before and now, the annotation, a link to the rule', async () => {
    const m = await rendered('awsdocs/eventbridge-config-rules-compliance-change.json');
    expect(m.text).toBe('Config: AWS::::Account 123456789012 is COMPLIANT with cloudtrail-enabled');
    expect(m.color).toBe('#2EB67D');
    expect(m.shown).toContain('*Compliance*\nNON-COMPLIANT → *COMPLIANT*');
    expect(m.shown).toContain(
      '<https://us-east-2.console.aws.amazon.com/config/home?region=us-east-2#/rules/details?configRuleName=cloudtrail-enabled|Open the rule>',
    );
    const broken = await renderedWith<{ newEvaluationResult: { complianceType: string; annotation: string } }>(
      'awsdocs/eventbridge-config-rules-compliance-change.json',
      (d) => {
        d.newEvaluationResult.complianceType = 'NON_COMPLIANT';
        d.newEvaluationResult.annotation = HOSTILE;
      },
    );
    expect(broken.text).toBe('Config: AWS::::Account 123456789012 is NON-COMPLIANT with cloudtrail-enabled');
    expect(broken.color).toBe('#D13212');
    expect(broken.shown).toContain('*Annotation*\\n&lt;!channel&gt; *bold* <!date^0^{_}|`>tick');
    expect(broken.shown).not.toContain('<!channel>');
  });
});
