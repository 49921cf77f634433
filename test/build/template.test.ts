import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WATCHLIST } from '../../src/features/spend/estimate';
import { evaluate, loadTemplate } from '../support/template';

const template = loadTemplate();

/** A rule's event pattern as EventBridge gets it, for the given alarm-name prefixes (a string pattern is parsed). */
function patternOf(rule: string, prefixes: string[] = ['']): Record<string, unknown> {
  const pattern = evaluate(
    template.Resources[rule]?.Properties?.EventPattern,
    // A Number parameter's Ref is a string, as CloudFormation hands it over.
    { AlarmNamePrefixes: prefixes, GuardDutyMinSeverity: '4' },
    { HasAlarmNamePrefixes: prefixes.join('') !== '' },
  );
  return (typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as Record<string, unknown>;
}

type Statement = { Action: string | string[]; Resource: unknown };

function statements(): Array<[string, Statement]> {
  return Object.entries(template.Resources).flatMap(([name, r]) => {
    const policies = (r.Properties?.Policies as Array<{ Statement?: Statement[] }> | undefined) ?? [];
    return policies.flatMap((p) => (p.Statement ?? []).map((st): [string, Statement] => [name, st]));
  });
}

describe('template.yaml', () => {
  it('grants no wildcard actions', () => {
    const actions = statements().flatMap(([name, st]) =>
      (Array.isArray(st.Action) ? st.Action : [st.Action]).map((a) => `${name}: ${a}`),
    );
    expect(actions.length).toBeGreaterThan(5);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('uses "*" as a resource only for actions with no resource-level permissions', () => {
    const star = statements().filter(([, st]) => st.Resource === '*');
    expect(star.map(([name, st]) => `${name}: ${String(st.Action)}`)).toEqual([
      'AlarmNotifierFunction: cloudwatch:GetMetricWidgetImage',
      'AlarmNotifierFunction: organizations:ListAccounts',
      'AlarmNotifierFunction: cloudtrail:LookupEvents',
      'CostGuardFunction: organizations:ListAccounts',
      'CostGuardFunction: pricing:GetProducts',
      'CostGuardFunction: ec2:DescribeLaunchTemplateVersions',
      'WorkerFunction: logs:GetQueryResults,logs:StopQuery',
      'WorkerFunction: ec2:DescribeVolumes,ec2:DescribeInstances,ec2:DescribeSnapshots',
      'WorkerFunction: cloudtrail:LookupEvents',
      'WorkerFunction: ce:ProvideAnomalyFeedback',
      'WorkerFunction: organizations:ListAccounts',
      'SweeperFunction: ec2:DescribeSnapshots,ec2:DescribeInstances,ec2:DescribeVolumes,ec2:DescribeNatGateways,rds:DescribeDBInstances,redshift:DescribeClusters',
    ]);
  });

  it('runs every function on Node.js 22+ arm64, bundled by esbuild from handlers/', () => {
    const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
    expect(functions.map(([name]) => name).sort()).toEqual([
      'AlarmNotifierFunction',
      'ConfigCheckFunction',
      'CostGuardFunction',
      'SlackFunction',
      'SweeperFunction',
      'WorkerFunction',
    ]);
    const globals = (template as unknown as { Globals: { Function: { Runtime: string; Architectures: string[] } } })
      .Globals.Function;
    expect(globals.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(globals.Architectures).toEqual(['arm64']);
    for (const [, fn] of functions) {
      const entry =
        (fn as unknown as { Metadata: { BuildProperties: { EntryPoints: string[] } } }).Metadata.BuildProperties
          .EntryPoints[0] ?? '';
      expect(entry).toMatch(/^handlers\/[a-z-]+\.ts$/);
      expect(fn.Properties?.Handler).toBe(`${entry.replace(/^handlers\//, '').replace(/\.ts$/, '')}.handler`);
      // Every asynchronously invoked function keeps what it could not do; the Slack function answers
      // API Gateway, and the config check answers CloudFormation (a failure fails the deploy).
      if (fn !== template.Resources.SlackFunction && fn !== template.Resources.ConfigCheckFunction)
        expect(fn.Properties?.EventInvokeConfig).toMatchObject({ DestinationConfig: { OnFailure: { Type: 'SQS' } } });
    }
  });

  it('forwards every call on the built-in watchlist through the EventBridge rule', () => {
    const pattern = template.Resources.CostWatchRule?.Properties?.EventPattern as {
      source: string[];
      detail: { eventSource: string[]; eventName: string[] };
    };
    for (const entry of DEFAULT_WATCHLIST) {
      const [service, name] = entry.split(':') as [string, string];
      expect(pattern.source).toContain(`aws.${service}`);
      expect(pattern.detail.eventSource).toContain(`${service}.amazonaws.com`);
      expect(pattern.detail.eventName).toContain(name);
    }
  });

  it('lets the worker read events only under the allowlisted log-group prefixes', () => {
    const statement = statements().find(
      ([name, st]) => name === 'WorkerFunction' && String(st.Action).includes('logs:FilterLogEvents'),
    )?.[1];
    // Evaluate the Split/Sub/Join as CloudFormation does, for two prefixes.
    const split = statement?.Resource as {
      'Fn::Split': [string, { 'Fn::Sub': [string, { Joined: { 'Fn::Join': [string, unknown] } }] }];
    };
    const [delimiter, sub] = split['Fn::Split'];
    const [templateString, vars] = sub['Fn::Sub'];
    const joined = ['/aws/lambda/', '/ecs/'].join(vars.Joined['Fn::Join'][0]);
    expect(templateString.replace('${Joined}', joined).split(delimiter)).toEqual([
      'arn:aws:logs:*:*:log-group:/aws/lambda/*',
      'arn:aws:logs:*:*:log-group:/ecs/*',
    ]);
    expect(template.Parameters.LogGroupPrefixes?.Default).toBe('/aws/lambda/');
  });

  it('refuses an empty prefix at deploy time (it would open every log group)', () => {
    const rules = (template as unknown as { Rules: Record<string, { Assertions: Array<{ Assert: unknown }> }> }).Rules;
    expect(JSON.stringify(rules.LogGroupPrefixesHaveNoEmptyEntry?.Assertions[0]?.Assert)).toBe(
      '{"Fn::Not":[{"Fn::Contains":[{"Ref":"LogGroupPrefixes"},""]}]}',
    );
  });

  it("scopes alarm actions to this account's alarms (any region; other accounts through their roles)", () => {
    const scoped = statements().filter(([, st]) => String(st.Action).includes('AlarmActions'));
    expect(scoped.length).toBe(2);
    for (const [, st] of scoped)
      expect(JSON.stringify(st.Resource)).toBe(
        '{"Fn::Sub":"arn:${AWS::Partition}:cloudwatch:*:${AWS::AccountId}:alarm:*"}',
      );
  });

  it('lets snapshots be created only of volumes and instances, and tagged only while being created', () => {
    const create = statements().find(([, st]) => String(st.Action).includes('ec2:CreateSnapshot'))?.[1];
    expect(JSON.stringify(create?.Resource)).toMatch(/volume\/\*.*instance\/\*.*snapshot\/\*/);
    const tag = statements().find(([, st]) => String(st.Action) === 'ec2:CreateTags')?.[1] as Statement & {
      Condition?: unknown;
    };
    expect(tag?.Condition).toEqual({ StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateSnapshots'] } });
  });

  it('declares the state table the code expects: pk/sk strings and TTL on expiresAt', () => {
    expect(template.Resources.StateTable?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('leaves out of each bundle what scripts/build.mjs leaves out, so sam build and npm run build agree', () => {
    const externals = JSON.parse(readFileSync(join(__dirname, '../../scripts/externals.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    for (const [logical, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::Serverless::Function') continue;
      const props = (r as unknown as { Metadata: { BuildProperties: { EntryPoints: string[]; External?: string[] } } })
        .Metadata.BuildProperties;
      const name = props.EntryPoints[0]!.replace(/^handlers\/|\.ts$/g, '');
      expect({ logical, external: props.External ?? [] }).toEqual({ logical, external: externals[name] ?? [] });
    }
  });

  it("resolves the AWS SDK's ES module build first, as scripts/build.mjs does (test/build/bundle.test.ts checks that side)", () => {
    for (const [logical, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::Serverless::Function') continue;
      const props = (r as unknown as { Metadata: { BuildProperties: { MainFields?: string } } }).Metadata
        .BuildProperties;
      expect({ logical, mainFields: props.MainFields }).toEqual({ logical, mainFields: 'module,main' });
    }
  });

  it('ships beside each bundle the files scripts/build.mjs ships beside it, all from handlers/', () => {
    const beside = JSON.parse(readFileSync(join(__dirname, '../../scripts/entry-points.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    for (const [logical, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::Serverless::Function') continue;
      const [entry, ...rest] = (r as unknown as { Metadata: { BuildProperties: { EntryPoints: string[] } } }).Metadata
        .BuildProperties.EntryPoints;
      const name = entry!.replace(/^handlers\/|\.ts$/g, '');
      expect({ logical, beside: rest }).toEqual({ logical, beside: beside[name] ?? [] });
      // sam build lays the entry points out from their common directory: the handler stays at the top.
      for (const file of rest) expect(file).toMatch(/^handlers\/[\w/-]+\.ts$/);
    }
  });

  it('routes GuardDuty findings (from a minimum severity), Security Hub findings, Health and the other AWS service events to the alarms topic, each switchable', () => {
    const rules = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    const toAlarms = rules
      .filter(([, r]) => JSON.stringify(r.Properties?.Targets).includes('"Ref":"AlarmsTopic"'))
      .map(([name, r]) => ({ ...r, source: patternOf(name).source }));
    expect(toAlarms.map((r) => [JSON.stringify(r.source), r.Condition])).toEqual([
      ['["aws.guardduty"]', 'WantsGuardDuty'],
      ['["aws.securityhub"]', 'WantsSecurityHub'],
      ['["aws.codepipeline"]', 'WantsPipelineFailures'],
      ['["aws.ec2"]', 'WantsInstanceStates'],
      ['["aws.health"]', 'WantsHealth'],
      ['["aws.inspector2"]', 'WantsInspector'],
      ['["aws.backup"]', 'WantsBackupFailures'],
      ['["aws.codebuild"]', 'WantsCodeBuildFailures'],
      ['["aws.codedeploy"]', 'WantsCodeDeployFailures'],
      ['["aws.ecs"]', 'WantsEcsDeploymentFailures'],
      ['["aws.ecs"]', 'WantsEcsStoppedTasks'],
      ['["aws.autoscaling"]', 'WantsAutoScalingFailures'],
      ['["aws.ec2"]', 'WantsSpotInterruptions'],
      ['["aws.cloudformation"]', 'WantsCloudFormationFailures'],
      ['["aws.rds"]', 'WantsRdsEvents'],
      ['["aws.config"]', 'WantsConfigNonCompliant'],
      // Every alarm's state change, with no alarm action (issue 12).
      ['["aws.cloudwatch"]', 'WantsAllAlarms'],
      // The same, and GuardDuty and Health, from the organisation's accounts on its bus (issue 12).
      ['["aws.cloudwatch"]', 'HasOrganization'],
      ['["aws.guardduty"]', 'OrgWantsGuardDuty'],
      ['["aws.health"]', 'OrgWantsHealth'],
    ]);
    // The minimum severity lands in the pattern as a JSON number (EventBridge refuses "4").
    expect(patternOf('GuardDutyFindingsRule').detail).toEqual({ severity: [{ numeric: ['>=', 4] }] });
    const policy = JSON.stringify(template.Resources.AlarmsTopicPolicy!.Properties);
    expect(policy).toContain('"Service":"events.amazonaws.com"');
  });

  it('posts every alarm from its EventBridge state change by default, narrowed by alarm-name prefix', () => {
    expect(template.Parameters.AllAlarmsViaEventBridge?.Default).toBe('true');
    expect(template.Parameters.AlarmNamePrefixes).toMatchObject({ Type: 'CommaDelimitedList', Default: '' });
    expect(template.Resources.AllAlarmsRule?.Condition).toBe('WantsAllAlarms');
    expect(template.Conditions?.WantsAllAlarms).toEqual({ 'Fn::Equals': [{ Ref: 'AllAlarmsViaEventBridge' }, 'true'] });
    const everything = { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] };
    expect(patternOf('AllAlarmsRule')).toEqual(everything);
    expect(patternOf('AllAlarmsRule', ['prod-'])).toEqual({
      ...everything,
      detail: { alarmName: [{ prefix: 'prod-' }] },
    });
    expect(patternOf('AllAlarmsRule', ['prod-', 'payments-'])).toEqual({
      ...everything,
      detail: { alarmName: [{ prefix: 'prod-' }, { prefix: 'payments-' }] },
    });
    // Each prefix lands inside a JSON string: a quote or a backslash is refused at deploy time.
    const allowed = new RegExp(template.Parameters.AlarmNamePrefixes!.AllowedPattern!);
    expect(['prod-', 'a b/c', ''].map((p) => allowed.test(p))).toEqual([true, true, true]);
    expect(['x"y', 'x\\y'].map((p) => allowed.test(p))).toEqual([false, false]);
    // The SNS copy and the EventBridge copy of one change are matched in the notifier, not in the pattern.
    expect(String(template.Resources.AllAlarmsRule?.Properties?.Description)).toMatch(/dedupe/);
  });

  describe("the organisation's event bus", () => {
    const resources = Object.entries(template.Resources);
    const onBus = resources.filter(
      ([, r]) =>
        r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties?.EventBusName) === '{"Ref":"LamplighterBus"}',
    );

    it('exists only with an organisation id, and admits PutEvents from that organisation only', () => {
      expect(template.Parameters.OrganizationId?.Default).toBe('');
      expect(template.Conditions?.HasOrganization).toEqual({
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }],
      });
      expect(template.Resources.LamplighterBus).toMatchObject({
        Type: 'AWS::Events::EventBus',
        Condition: 'HasOrganization',
      });
      const policies = resources.filter(([, r]) => r.Type === 'AWS::Events::EventBusPolicy');
      expect(policies.map(([name]) => name)).toEqual(['LamplighterBusPolicy']);
      const [, policy] = policies[0]!;
      expect(policy.Condition).toBe('HasOrganization');
      expect(policy.Properties).toEqual({
        EventBusName: { Ref: 'LamplighterBus' },
        StatementId: 'OrganizationPutEvents',
        Statement: {
          Sid: 'OrganizationPutEvents',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: { 'Fn::GetAtt': 'LamplighterBus.Arn' },
          Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
        },
      });
      const organisation = new RegExp(String(template.Parameters.OrganizationId?.AllowedPattern));
      expect(['', 'o-a1b2c3d4e5'].every((id) => organisation.test(id))).toBe(true);
      expect(['*', 'o-*', '123456789012'].some((id) => organisation.test(id))).toBe(false);
    });

    it("has the default bus's alarm and cost-guard rules again, each only with an organisation", () => {
      expect(onBus.map(([name]) => name)).toEqual([
        'OrgAlarmsRule',
        'OrgCostWatchRule',
        'OrgSignInWatchRule',
        'OrgTrailAndRootWatchRule',
        'OrgGuardDutyFindingsRule',
        'OrgHealthEventsRule',
      ]);
      const same: Array<[string, string]> = [
        ['OrgAlarmsRule', 'AllAlarmsRule'],
        ['OrgCostWatchRule', 'CostWatchRule'],
        ['OrgSignInWatchRule', 'SignInWatchRule'],
        ['OrgTrailAndRootWatchRule', 'TrailAndRootWatchRule'],
        ['OrgGuardDutyFindingsRule', 'GuardDutyFindingsRule'],
        ['OrgHealthEventsRule', 'HealthEventsRule'],
      ];
      for (const [org, own] of same) {
        for (const prefixes of [[''], ['prod-', 'payments-']])
          expect({ org, pattern: patternOf(org, prefixes) }).toEqual({ org, pattern: patternOf(own, prefixes) });
        expect({ org, targets: template.Resources[org]?.Properties?.Targets }).toEqual({
          org,
          targets: template.Resources[own]?.Properties?.Targets,
        });
      }
      for (const [name, r] of onBus)
        expect({ name, condition: /^(HasOrganization|OrgWants)/.test(String(r.Condition)) }).toEqual({
          name,
          condition: true,
        });
      expect(template.Conditions?.OrgWantsGuardDuty).toEqual({
        'Fn::And': [{ Condition: 'HasOrganization' }, { Condition: 'WantsGuardDuty' }],
      });
    });

    it("lets its rules publish to the topics (they are this account's rules)", () => {
      for (const [policyName, topic] of [
        ['AlarmsTopicPolicy', 'AlarmsTopic'],
        ['CostGuardTopicPolicy', 'CostGuardTopic'],
      ] as const) {
        const statements = (
          template.Resources[policyName]?.Properties?.PolicyDocument as {
            Statement: Array<{ Principal: { Service: string }; Resource: unknown; Condition: unknown }>;
          }
        ).Statement;
        expect(statements).toContainEqual(
          expect.objectContaining({
            Principal: { Service: 'events.amazonaws.com' },
            Resource: { Ref: topic },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        );
      }
    });
  });

  describe('member accounts (member.yaml)', () => {
    const roleArn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${name}` });
    const assumes = statements().filter(([, st]) => String(st.Action).includes('sts:AssumeRole'));
    const environment = (fn: string) =>
      (template.Resources[fn]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;

    it('lets the notifier and cost guard assume only lamplighter-read, and the worker and sweeper also lamplighter-operator', () => {
      expect(assumes.map(([name, st]) => [name, st.Action, st.Resource])).toEqual([
        ['AlarmNotifierFunction', 'sts:AssumeRole', roleArn('lamplighter-read')],
        ['CostGuardFunction', 'sts:AssumeRole', roleArn('lamplighter-read')],
        ['WorkerFunction', 'sts:AssumeRole', [roleArn('lamplighter-read'), roleArn('lamplighter-operator')]],
        ['SweeperFunction', 'sts:AssumeRole', [roleArn('lamplighter-read'), roleArn('lamplighter-operator')]],
      ]);
    });

    it('tells those functions the role names and where the external id is kept (a secret, not their environment), and nobody else', () => {
      const secretArn = { 'Fn::If': ['HasMemberExternalId', { Ref: 'MemberExternalIdSecret' }, ''] };
      for (const fn of ['AlarmNotifierFunction', 'CostGuardFunction', 'WorkerFunction', 'SweeperFunction']) {
        expect({ fn, env: environment(fn) }).toMatchObject({
          fn,
          env: { MEMBER_EXTERNAL_ID_SECRET_ARN: secretArn, MEMBER_READ_ROLE_NAME: 'lamplighter-read' },
        });
        // The value itself is in no function's environment.
        expect(JSON.stringify(environment(fn))).not.toContain('"Ref":"MemberExternalId"');
        // Each may read that one secret, only where it exists.
        const policies = template.Resources[fn]?.Properties?.Policies as Array<{ Statement: unknown[] }>;
        expect(policies.flatMap((p) => p.Statement)).toContainEqual({
          'Fn::If': [
            'HasMemberExternalId',
            {
              Sid: 'MemberExternalId',
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: { Ref: 'MemberExternalIdSecret' },
            },
            { Ref: 'AWS::NoValue' },
          ],
        });
      }
      expect(template.Resources.MemberExternalIdSecret).toEqual({
        Type: 'AWS::SecretsManager::Secret',
        Condition: 'HasMemberExternalId',
        Properties: expect.objectContaining({ SecretString: { Ref: 'MemberExternalId' } }),
      });
      expect(template.Conditions?.HasMemberExternalId).toEqual({
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'MemberExternalId' }, ''] }],
      });
      // Only the worker names sessions for people (SourceIdentity), on the member roles alone.
      const sourceIdentity = statements().filter(([, st]) => String(st.Action).includes('sts:SetSourceIdentity'));
      expect(sourceIdentity.map(([name, st]) => [name, st.Resource])).toEqual([
        ['WorkerFunction', [roleArn('lamplighter-read'), roleArn('lamplighter-operator')]],
      ]);
      for (const fn of ['WorkerFunction', 'SweeperFunction'])
        expect(environment(fn).MEMBER_OPERATOR_ROLE_NAME).toBe('lamplighter-operator');
      for (const fn of ['AlarmNotifierFunction', 'CostGuardFunction'])
        expect(environment(fn)).not.toHaveProperty('MEMBER_OPERATOR_ROLE_NAME');
      expect(environment('SlackFunction')).not.toHaveProperty('MEMBER_EXTERNAL_ID');
      expect(environment('SlackFunction')).not.toHaveProperty('MEMBER_EXTERNAL_ID_SECRET_ARN');
      expect(template.Parameters.MemberExternalId).toMatchObject({ Type: 'String', NoEcho: true, Default: '' });
      const rules = (template as unknown as { Rules: Record<string, unknown> }).Rules;
      expect(rules.MemberExternalIdWithOrganization).toEqual({
        RuleCondition: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] },
        Assertions: [
          expect.objectContaining({ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'MemberExternalId' }, ''] }] } }),
        ],
      });
    });

    it("outputs the functions' role ARNs, as member.yaml's trusted principals", () => {
      const outputs = template.Outputs!;
      const role = (fn: string) => ({ 'Fn::GetAtt': `${fn}Role.Arn` });
      expect(outputs.MemberReadPrincipals?.Value).toEqual({
        'Fn::Join': [
          ',',
          ['AlarmNotifierFunction', 'CostGuardFunction', 'WorkerFunction', 'SweeperFunction'].map(role),
        ],
      });
      expect(outputs.MemberOperatorPrincipals?.Value).toEqual({
        'Fn::Join': [',', ['WorkerFunction', 'SweeperFunction'].map(role)],
      });
      expect(outputs.OrganizationBusArn).toEqual(
        expect.objectContaining({ Condition: 'HasOrganization', Value: { 'Fn::GetAtt': 'LamplighterBus.Arn' } }),
      );
    });
  });

  it('posts the AWS service events that page people by default, and only their failures', () => {
    const parameters = (template as unknown as { Parameters: Record<string, { Default?: unknown }> }).Parameters;
    const defaults = Object.fromEntries(
      [
        'InspectorFindings',
        'BackupFailures',
        'CodeBuildFailures',
        'CodeDeployFailures',
        'EcsDeploymentFailures',
        'EcsStoppedTasks',
        'AutoScalingFailures',
        'SpotInterruptions',
        'CloudFormationFailures',
        'RdsEvents',
        'ConfigNonCompliant',
      ].map((name) => [name, parameters[name]?.Default]),
    );
    expect(defaults).toEqual({
      InspectorFindings: 'false',
      BackupFailures: 'true',
      CodeBuildFailures: 'true',
      CodeDeployFailures: 'true',
      EcsDeploymentFailures: 'true',
      EcsStoppedTasks: 'false',
      AutoScalingFailures: 'true',
      SpotInterruptions: 'false',
      CloudFormationFailures: 'true',
      RdsEvents: 'false',
      ConfigNonCompliant: 'false',
    });
    const pattern = (rule: string) => JSON.stringify(template.Resources[rule]?.Properties?.EventPattern);
    expect(pattern('BackupFailuresRule')).toContain(
      '{"$or":[{"state":["FAILED","ABORTED","EXPIRED"]},{"status":["FAILED","ABORTED","EXPIRED"]}]}',
    );
    expect(pattern('CodeBuildFailuresRule')).toContain('"build-status":["FAILED","FAULT","TIMED_OUT","STOPPED"]');
    expect(pattern('CodeDeployFailuresRule')).toContain('"state":["FAILURE"]');
    expect(pattern('EcsDeploymentFailuresRule')).toContain('"eventName":["SERVICE_DEPLOYMENT_FAILED"]');
    expect(pattern('EcsStoppedTasksRule')).toContain('"containers":{"exitCode":[{"anything-but":0}]}');
    expect(pattern('CloudFormationFailuresRule')).toContain(
      '[{"suffix":"_FAILED"},"ROLLBACK_COMPLETE","UPDATE_ROLLBACK_COMPLETE"',
    );
    expect(pattern('InspectorFindingsRule')).toContain('"severity":["HIGH","CRITICAL"],"status":["ACTIVE"]');
    expect(pattern('ConfigNonCompliantRule')).toContain('"newEvaluationResult":{"complianceType":["NON_COMPLIANT"]}');
  });

  describe('Lamplighter watches itself', () => {
    const resources = Object.entries(template.Resources);
    const functions = resources.filter(([, r]) => r.Type === 'AWS::Serverless::Function').map(([name]) => name);
    const alarms = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties!);
    const dimensionRef = (a: Record<string, unknown>) =>
      JSON.stringify((a.Dimensions as Array<{ Value: unknown }> | undefined)?.[0]?.Value);
    const own = alarms.filter((a) => JSON.stringify(a.AlarmActions ?? []).includes('OpsTopic'));

    it('alarms on every function’s Errors and Throttles, to the ops topic and to Slack', () => {
      // The config check runs only during a deploy: its failure is the stack's, shown in its events.
      for (const fn of functions.filter((name) => name !== 'ConfigCheckFunction'))
        for (const metric of ['Errors', 'Throttles']) {
          const alarm = own.find(
            (a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && dimensionRef(a) === `{"Ref":"${fn}"}`,
          );
          expect({ fn, metric, alarm: alarm !== undefined }).toEqual({ fn, metric, alarm: true });
          expect(alarm!.AlarmActions).toEqual([{ Ref: 'OpsTopic' }, { Ref: 'AlarmsTopic' }]);
          expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
        }
    });

    it('alarms when the dead-letter queue holds anything, and when it has held it a day; and on the Slack endpoint’s 5xx', () => {
      const metrics = own.map((a) => `${String(a.Namespace)} ${String(a.MetricName)} ${dimensionRef(a)}`);
      expect(metrics).toContain(
        'AWS/SQS ApproximateNumberOfMessagesVisible {"Fn::GetAtt":"DeadLetterQueue.QueueName"}',
      );
      expect(metrics).toContain('AWS/SQS ApproximateAgeOfOldestMessage {"Fn::GetAtt":"DeadLetterQueue.QueueName"}');
      expect(metrics).toContain('AWS/ApiGateway 5xx {"Ref":"ServerlessHttpApi"}');
    });

    it('reaches a person by email or SMS when those parameters are set, without Slack', () => {
      const subscriptions = resources.filter(
        ([, r]) =>
          r.Type === 'AWS::SNS::Subscription' && JSON.stringify(r.Properties?.TopicArn) === '{"Ref":"OpsTopic"}',
      );
      expect(subscriptions.map(([, r]) => [r.Properties?.Protocol, r.Condition])).toEqual([
        ['email', 'HasOpsEmail'],
        ['sms', 'HasOpsSms'],
      ]);
    });

    it('gives every function a log group of its own with a retention, and points the function at it', () => {
      for (const fn of functions) {
        const group = (template.Resources[fn]!.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(template.Resources[group]).toMatchObject({
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } },
        });
      }
      const groups = resources.filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
      expect(groups.every(([, r]) => r.Properties?.RetentionInDays !== undefined)).toBe(true);
    });

    it('runs nothing always-on: no provisioned concurrency, no VPC, DynamoDB on demand', () => {
      for (const fn of functions) {
        expect(template.Resources[fn]!.Properties).not.toHaveProperty('ProvisionedConcurrencyConfig');
        expect(template.Resources[fn]!.Properties).not.toHaveProperty('VpcConfig');
      }
      expect(template.Resources.StateTable!.Properties!.BillingMode).toBe('PAY_PER_REQUEST');
      expect(resources.filter(([, r]) => r.Type === 'AWS::EC2::NatGateway')).toEqual([]);
    });
  });
});
