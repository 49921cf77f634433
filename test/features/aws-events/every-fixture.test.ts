import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../../src/app/classify';
import { deliveriesFrom, messageJson } from '../../../src/kernel/envelopes/sns';

/** Every JSON fixture, by its path under test/fixtures/. */
function fixtures(dir = join(__dirname, '..', '..', 'fixtures'), prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return fixtures(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.json') ? [`${prefix}${entry.name}`] : [];
  });
}

/** The event kinds Lamplighter has a formatter for, by source and detail type. */
const FORMATTED: ReadonlyArray<[source: string, detailType: RegExp]> = [
  ['aws.guardduty', /^GuardDuty Finding$/],
  ['aws.securityhub', /^Security Hub Findings/],
  ['aws.health', /^AWS Health Event$/],
  ['aws.codepipeline', /^CodePipeline Pipeline Execution State Change$/],
  ['aws.ec2', /^EC2 Instance State-change Notification$/],
  ['aws.inspector2', /^Inspector2 (Finding|Scan)$/],
  ['aws.backup', /^(Backup|Copy|Restore) Job State Change$/],
  ['aws.codebuild', /^CodeBuild Build State Change$/],
  ['aws.codedeploy', /^CodeDeploy Deployment State-change Notification$/],
  // Task state changes are formatted when the task stopped; the fixtures hold stopped ones only.
  ['aws.ecs', /^ECS (Task|Deployment|Container Instance) State Change$/],
  ['aws.autoscaling', /^EC2 Instance (Launch|Terminate) Unsuccessful$/],
  ['aws.ec2', /^EC2 Spot Instance Interruption Warning$/],
  ['aws.cloudformation', /^CloudFormation (Stack|Resource) Status Change$/],
  ['aws.rds', /^RDS .+ Event$/],
  ['aws.config', /^Config Rules Compliance Change$/],
];

describe('every fixture of a formatted kind is formatted, never left to the generic message', () => {
  const cases = fixtures().flatMap((name) => {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8'));
    } catch {
      return [];
    }
    return deliveriesFrom(input).flatMap((delivery, i) => {
      const json = messageJson(delivery);
      const e = json.ok ? (json.value as { source?: unknown; 'detail-type'?: unknown }) : undefined;
      const type = typeof e?.['detail-type'] === 'string' ? e['detail-type'] : '';
      const formatted = FORMATTED.some(([source, detail]) => (e?.source ?? source) === source && detail.test(type));
      return formatted ? [[`${name}#${i}`, delivery] as const] : [];
    });
  });

  it('finds the fixtures of every formatted kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', (_name, delivery) => {
    expect(classify(delivery).kind).toBe('event');
  });

  // Not JSON, so not found above: AWS Backup's own notifications are a sentence.
  const backup = fixtures().flatMap((name) => {
    const text = readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');
    if (!text.includes('Notification from AWS Backup')) return [];
    return deliveriesFrom(JSON.parse(text)).map((delivery, i) => [`${name}#${i}`, delivery] as const);
  });

  it('finds the plain-text AWS Backup notifications', () => expect(backup.length).toBeGreaterThanOrEqual(4));

  it.each(backup)('%s', (_name, delivery) => {
    expect(classify(delivery).kind).toBe('event');
  });
});
