import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate } from '../support/template';

const member = loadTemplate('member.yaml');
const central = loadTemplate('template.yaml');

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
};
type Role = {
  RoleName?: string;
  AssumeRolePolicyDocument: { Statement: Statement[] };
  Policies: Array<{ PolicyDocument: { Statement: Statement[] } }>;
};

const resources = Object.entries(member.Resources);
const roles = resources.filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([name]) => name);
const role = (name: string) => member.Resources[name]!.Properties as unknown as Role;
const permissions = (name: string) => role(name).Policies.flatMap((p) => p.PolicyDocument.Statement);
const actions = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);
const rules = resources.filter(([, r]) => r.Type === 'AWS::Events::Rule');

describe('member.yaml', () => {
  it('is plain CloudFormation with no account-specific value, so StackSets can deploy it anywhere', () => {
    expect(member.Transform).toBeUndefined();
    expect(Object.values(member.Resources).every((r) => !r.Type.startsWith('AWS::Serverless::'))).toBe(true);
    const text = readFileSync(join(__dirname, '../../member.yaml'), 'utf8');
    expect(text.match(/\b\d{12}\b/g)).toBeNull();
    expect(text).not.toMatch(/\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/);
    for (const name of ['CentralAccountId', 'CentralRegion', 'CentralBusArn', 'ExternalId'])
      expect({ name, default: member.Parameters[name]?.Default }).toEqual({ name, default: undefined });
    expect(member.Parameters.ExternalId?.NoEcho).toBe(true);
  });

  it('grants no wildcard actions, and "*" as a resource only for actions with no resource-level permissions', () => {
    const all = roles.flatMap((name) => [
      ...role(name).AssumeRolePolicyDocument.Statement.map((st): [string, Statement] => [name, st]),
      ...permissions(name).map((st): [string, Statement] => [name, st]),
    ]);
    expect(all.flatMap(([, st]) => actions(st)).filter((a) => a.includes('*'))).toEqual([]);
    expect(all.every(([, st]) => st.Effect === 'Allow')).toBe(true);
    expect(
      all.filter(([, st]) => st.Resource === '*').map(([name, st]) => `${name}: ${actions(st).join(',')}`),
    ).toEqual([
      'LamplighterReadRole: logs:GetQueryResults,logs:StopQuery',
      'LamplighterReadRole: cloudwatch:GetMetricWidgetImage',
      'LamplighterReadRole: cloudtrail:LookupEvents',
      'LamplighterReadRole: ec2:DescribeInstances,ec2:DescribeVolumes,ec2:DescribeSnapshots,ec2:DescribeNatGateways,ec2:DescribeLaunchTemplateVersions,rds:DescribeDBInstances,redshift:DescribeClusters',
    ]);
  });

  describe('the roles the central functions assume', () => {
    const trusted = [
      ['LamplighterReadRole', 'lamplighter-read', 'CentralReadRoleArns'],
      ['LamplighterOperatorRole', 'lamplighter-operator', 'CentralOperatorRoleArns'],
    ] as const;

    it('are trusted only by the central functions’ role ARNs, and only with the external id (a session may carry its person as source identity)', () => {
      for (const [logical, name, principals] of trusted) {
        expect(role(logical).RoleName).toBe(name);
        expect(role(logical).AssumeRolePolicyDocument.Statement).toEqual([
          {
            Sid: 'CentralFunctionsOnly',
            Effect: 'Allow',
            Principal: { AWS: { Ref: principals } },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
          },
        ]);
        // Each principal must be one role's ARN: no "*", no account root, no other kind of principal.
        const parameter = member.Parameters[principals]!;
        expect(parameter.Type).toBe('CommaDelimitedList');
        const allowed = new RegExp(parameter.AllowedPattern!);
        expect(allowed.test('arn:aws:iam::111111111111:role/lamplighter-WorkerFunctionRole-AbC123')).toBe(true);
        expect(allowed.test('arn:aws-us-gov:iam::111111111111:role/path/x')).toBe(true);
        for (const bad of [
          '*',
          'arn:aws:iam::111111111111:root',
          '111111111111',
          'arn:aws:iam::111111111111:role/*',
          'arn:aws:iam::*:role/x',
          'arn:aws:iam::111111111111:user/x',
          'arn:aws:sts::111111111111:assumed-role/x/y',
        ])
          expect({ bad, allowed: allowed.test(bad) }).toEqual({ bad, allowed: false });
      }
    });

    it('have the names the central functions are allowed to assume, and are its outputs', () => {
      const central = readFileSync(join(__dirname, '../../template.yaml'), 'utf8');
      for (const [logical, name] of trusted) {
        expect(central).toContain(`:role/${name}`);
        expect(member.Resources[logical]?.Condition).toBe('CreatesRoles');
      }
      expect(member.Outputs?.ReadRoleArn?.Value).toEqual({ 'Fn::GetAtt': 'LamplighterReadRole.Arn' });
      expect(member.Outputs?.OperatorRoleArn?.Value).toEqual({ 'Fn::GetAtt': 'LamplighterOperatorRole.Arn' });
      // IAM is global: one stack instance per account (the central region's) creates the fixed names.
      expect(member.Conditions?.CreatesRoles).toEqual({
        'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'CentralRegion' }],
      });
    });

    it('let the read role read only, and the operator role only snapshot and switch alarm actions', () => {
      expect(permissions('LamplighterReadRole').flatMap(actions).sort()).toEqual(
        [
          'logs:FilterLogEvents',
          'logs:DescribeMetricFilters',
          'logs:StartQuery',
          'logs:GetQueryResults',
          'logs:StopQuery',
          'logs:DescribeLogGroups',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:ListTagsForResource',
          'cloudwatch:GetMetricWidgetImage',
          'cloudtrail:LookupEvents',
          'ec2:DescribeInstances',
          'ec2:DescribeVolumes',
          'ec2:DescribeSnapshots',
          'ec2:DescribeNatGateways',
          'ec2:DescribeLaunchTemplateVersions',
          'rds:DescribeDBInstances',
          'redshift:DescribeClusters',
          'sagemaker:DescribeEndpointConfig',
          // The sweeper's reminders for provisioned tables (DescribeTable in template.yaml too).
          'dynamodb:DescribeTable',
        ].sort(),
      );
      expect(permissions('LamplighterOperatorRole').flatMap(actions).sort()).toEqual(
        [
          'cloudwatch:DisableAlarmActions',
          'cloudwatch:EnableAlarmActions',
          'ec2:CreateSnapshot',
          'ec2:CreateSnapshots',
          'ec2:CreateTags',
        ].sort(),
      );
      const operator = permissions('LamplighterOperatorRole');
      const bySid = (sid: string) => operator.find((st) => st.Sid === sid)!;
      expect(JSON.stringify(bySid('AlarmActions').Resource)).toContain(':cloudwatch:*:${AWS::AccountId}:alarm:*');
      expect(JSON.stringify(bySid('CreateSnapshotsOfVolumes').Resource)).toMatch(
        /volume\/\*.*instance\/\*.*snapshot\/\*/,
      );
      expect(bySid('TagNewSnapshots').Condition).toEqual({
        StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateSnapshots'] },
      });
      // Everything scoped to a resource is this account's.
      for (const st of [...permissions('LamplighterReadRole'), ...operator])
        if (st.Resource !== '*')
          for (const arn of [st.Resource].flat())
            expect({ sid: st.Sid, arn: JSON.stringify(arn) }).toEqual({
              sid: st.Sid,
              arn: expect.stringMatching(/:\$\{AWS::AccountId\}:|:ec2:\*::snapshot\//),
            });
    });
  });

  describe('forwarding to the central bus', () => {
    it('sends every rule to the central bus, through a role that may only put events on that bus', () => {
      expect(rules.length).toBeGreaterThanOrEqual(4);
      for (const [name, r] of rules)
        expect({ name, targets: r.Properties?.Targets }).toEqual({
          name,
          targets: [
            { Id: 'central-bus', Arn: { Ref: 'CentralBusArn' }, RoleArn: { 'Fn::GetAtt': 'ForwardingRole.Arn' } },
          ],
        });
      expect(role('ForwardingRole').AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      expect(permissions('ForwardingRole')).toEqual([
        {
          Sid: 'PutEventsOnCentralBus',
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: { Ref: 'CentralBusArn' },
        },
      ]);
      const bus = new RegExp(member.Parameters.CentralBusArn!.AllowedPattern!);
      expect(bus.test('arn:aws:events:eu-west-1:111111111111:event-bus/lamplighter-organization')).toBe(true);
      expect(['*', 'arn:aws:events:eu-west-1:111111111111:event-bus/*'].some((arn) => bus.test(arn))).toBe(false);
    });

    it('forwards alarm state changes and exactly what the central cost-guard rules watch', () => {
      const pattern = (template: typeof member, name: string) => template.Resources[name]?.Properties?.EventPattern;
      expect(pattern(member, 'ForwardAlarmsRule')).toEqual({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
      });
      for (const [mine, theirs] of [
        ['ForwardCostWatchRule', 'CostWatchRule'],
        ['ForwardSignInRule', 'SignInWatchRule'],
        ['ForwardTrailAndRootRule', 'TrailAndRootWatchRule'],
      ] as const)
        expect({ mine, pattern: pattern(member, mine) }).toEqual({ mine, pattern: pattern(central, theirs) });
      expect(pattern(member, 'ForwardGuardDutyRule')).toMatchObject({ source: ['aws.guardduty'] });
      expect(pattern(member, 'ForwardHealthRule')).toMatchObject({ source: ['aws.health'] });
    });

    it("forwards nothing from the central account's own region, where the default bus has the rules already", () => {
      expect(member.Conditions?.ForwardsEvents).toEqual({
        'Fn::Not': [
          {
            'Fn::And': [
              { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'CentralAccountId' }] },
              { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'CentralRegion' }] },
            ],
          },
        ],
      });
      for (const [name, r] of [...rules, ['ForwardingRole', member.Resources.ForwardingRole!] as const])
        expect({ name, condition: r.Condition }).toEqual({ name, condition: expect.stringMatching(/^Forwards/) });
    });
  });

  it('is linted with the central template', () => {
    const scripts = (
      JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['lint:template']).toBe('cfn-lint template.yaml member.yaml');
  });
});
