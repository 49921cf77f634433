import { bundleOperations, iamAction, type Operation } from '../support/bundle-operations';
import {
  centralStack,
  memberStack,
  MEMBER_PARAMETERS,
  ORGANIZATION_ID,
  organisationParameters,
  type Stack,
} from '../support/cfn';
import { evaluate, roleStatements, type Statement } from '../support/iam';

/**
 * IAM per function, from the code: every AWS operation each built bundle can send (its
 * metafile, and the commands it names from the runtime's SDK), mapped to its IAM action and held
 * against the function's role in the SAM-transformed template, on the resource ARNs the code
 * builds, in each place the code acts: this account and region, another region of this account
 * (`--region`, alarms forwarded from other regions), and member accounts through member.yaml's
 * roles (whose policies then decide, and whose trust must name the function's role).
 *
 * An operation with no entry below fails the test, so a new call cannot slip in ungranted.
 */

type PlaceName = 'here' | 'another region' | 'member account';
interface At {
  account: string;
  region: string;
  stack: Stack;
}
interface Use {
  places: PlaceName[];
  /** The ARNs the code acts on there (IAM's resource for the action). */
  resources: (at: At) => string[];
  /** The IAM actions, where the operation needs others than its own (TransactWrite, tag-on-create), each on its resources. */
  actions?: Array<{ action: string; context?: Record<string, string>; resources?: (at: At) => string[] }>;
}
/** A bundled operation this function never sends, and why (said once, reviewed like a grant). */
interface Unused {
  unused: string;
}

const ORG = ORGANIZATION_ID;
const MEMBER = '222222222222';
const ALL: PlaceName[] = ['here', 'another region', 'member account'];
const HERE: PlaceName[] = ['here'];

const anything = () => ['*'];
const table = (at: At) => [at.stack.arn('StateTable')];
const secret = (at: At) => [at.stack.ref('SlackSecret')];
const logGroups = (at: At) => [`arn:aws:logs:${at.region}:${at.account}:log-group:*`];
const logGroup = (name: string) => (at: At) => [`arn:aws:logs:${at.region}:${at.account}:log-group:${name}:*`];
const alarm = (at: At) => [`arn:aws:cloudwatch:${at.region}:${at.account}:alarm:prod-api-errors`];
const memberRole = (name: string) => () => [`arn:aws:iam::${MEMBER}:role/${name}`];
const snapshot = (at: At) => `arn:aws:ec2:${at.region}::snapshot/*`;

const itemOps = {
  'dynamodb:GetItem': { places: HERE, resources: table },
  'dynamodb:PutItem': { places: HERE, resources: table },
  'dynamodb:UpdateItem': { places: HERE, resources: table },
  'dynamodb:DeleteItem': { places: HERE, resources: table },
  'dynamodb:Query': { places: HERE, resources: table },
  'dynamodb:BatchGetItem': { places: HERE, resources: table },
  // versioned.ts: a Put and, with it, the incident's unacked marker Put or Delete.
  'dynamodb:TransactWriteItems': {
    places: HERE,
    resources: table,
    actions: [{ action: 'dynamodb:PutItem' }, { action: 'dynamodb:DeleteItem' }],
  },
} satisfies Record<string, Use>;

const organisationOps = {
  'organizations:ListAccounts': { places: HERE, resources: anything },
  'organizations:ListParents': {
    places: HERE,
    resources: () => [`arn:aws:organizations::111111111111:account/${ORG}/${MEMBER}`],
  },
  'organizations:DescribeOrganizationalUnit': {
    places: HERE,
    resources: () => [`arn:aws:organizations::111111111111:ou/${ORG}/ou-ab12-cdef3456`],
  },
} satisfies Record<string, Use>;

// STS GetCallerIdentity needs no permission: IAM cannot deny it.
const identity = { 'sts:GetCallerIdentity': { places: HERE, resources: () => [] } };

const sweeperBuildsThePort = (port: string) =>
  `createSlackAppAws (slack-app-aws.ts) builds the ${port}, but handlers/sweeper.ts never hands it to sweep()`;

const USES: Record<string, { logicalId: string; memberRoles: string[]; ops: Record<string, Use | Unused> }> = {
  'alarm-notifier': {
    logicalId: 'AlarmNotifierFunction',
    memberRoles: ['lamplighter-read'],
    ops: {
      ...itemOps,
      ...organisationOps,
      ...identity,
      'secretsmanager:GetSecretValue': { places: HERE, resources: secret },
      'sts:AssumeRole': { places: HERE, resources: memberRole('lamplighter-read') },
      // Alarms of any region of this account (forwarded by member.yaml) and of member accounts.
      'logs:DescribeMetricFilters': { places: ALL, resources: logGroups },
      'logs:FilterLogEvents': { places: ALL, resources: logGroup('/ecs/payments') },
      'cloudwatch:GetMetricWidgetImage': { places: ALL, resources: anything },
      'cloudwatch:ListTagsForResource': { places: ALL, resources: alarm },
      'cloudtrail:LookupEvents': { places: ALL, resources: anything },
    },
  },
  'cost-guard': {
    logicalId: 'CostGuardFunction',
    memberRoles: ['lamplighter-read'],
    ops: {
      ...itemOps,
      ...organisationOps,
      ...identity,
      'secretsmanager:GetSecretValue': { places: HERE, resources: secret },
      'sts:AssumeRole': { places: HERE, resources: memberRole('lamplighter-read') },
      'pricing:GetProducts': { places: HERE, resources: anything },
      'ec2:DescribeLaunchTemplateVersions': { places: ALL, resources: anything },
      'sagemaker:DescribeEndpointConfig': {
        places: ALL,
        resources: (at) => [`arn:aws:sagemaker:${at.region}:${at.account}:endpoint-config/llm-endpoint`],
      },
    },
  },
  // Deploy time only: reads its request, sends no AWS request (its answer is a PUT to S3's pre-signed URL).
  'config-check': { logicalId: 'ConfigCheckFunction', memberRoles: [], ops: {} },
  slack: {
    logicalId: 'SlackFunction',
    memberRoles: [],
    ops: {
      'secretsmanager:GetSecretValue': { places: HERE, resources: secret },
      'lambda:InvokeFunction': { places: HERE, resources: (at) => [at.stack.arn('WorkerFunction')] },
    },
  },
  worker: {
    logicalId: 'WorkerFunction',
    memberRoles: ['lamplighter-read', 'lamplighter-operator'],
    ops: {
      ...itemOps,
      ...identity,
      'organizations:ListAccounts': organisationOps['organizations:ListAccounts'],
      'organizations:ListParents': {
        unused: 'only routes by ou reach it (src/kernel/accounts.ts), and the worker has no routes',
      },
      'organizations:DescribeOrganizationalUnit': {
        unused: 'only routes by ou reach it (src/kernel/accounts.ts), and the worker has no routes',
      },
      'secretsmanager:GetSecretValue': { places: HERE, resources: secret },
      'sts:AssumeRole': {
        places: HERE,
        resources: () => [...memberRole('lamplighter-read')(), ...memberRole('lamplighter-operator')()],
      },
      // /logs … [--region R] [--account A]: the group list, then the search, under LogGroupPrefixes.
      'logs:DescribeLogGroups': { places: ALL, resources: logGroups },
      'logs:FilterLogEvents': { places: ALL, resources: logGroup('/aws/lambda/checkout') },
      'logs:StartQuery': { places: ALL, resources: logGroup('/aws/lambda/checkout') },
      'logs:GetQueryResults': { places: ALL, resources: anything },
      'logs:StopQuery': { places: ALL, resources: anything },
      'cloudwatch:DescribeAlarms': { places: ALL, resources: alarm },
      'cloudwatch:DisableAlarmActions': { places: ALL, resources: alarm },
      'cloudwatch:EnableAlarmActions': { places: ALL, resources: alarm },
      'cloudtrail:LookupEvents': { places: ALL, resources: anything },
      'ce:ProvideAnomalyFeedback': { places: HERE, resources: anything },
      'ec2:DescribeVolumes': { places: ALL, resources: anything },
      'ec2:DescribeInstances': { places: ALL, resources: anything },
      'ec2:DescribeSnapshots': { places: ALL, resources: anything },
      'ec2:CreateSnapshot': {
        places: ALL,
        resources: (at) => [`arn:aws:ec2:${at.region}:${at.account}:volume/vol-0abc`, snapshot(at)],
        actions: [
          { action: 'ec2:CreateSnapshot' },
          // TagSpecifications: tagging the new snapshot, authorised as CreateTags during CreateSnapshot.
          {
            action: 'ec2:CreateTags',
            context: { 'ec2:CreateAction': 'CreateSnapshot' },
            resources: (at) => [snapshot(at)],
          },
        ],
      },
      'ec2:CreateSnapshots': {
        places: ALL,
        resources: (at) => [
          `arn:aws:ec2:${at.region}:${at.account}:instance/i-0abc`,
          `arn:aws:ec2:${at.region}:${at.account}:volume/vol-0abc`,
          snapshot(at),
        ],
        actions: [
          { action: 'ec2:CreateSnapshots' },
          {
            action: 'ec2:CreateTags',
            context: { 'ec2:CreateAction': 'CreateSnapshots' },
            resources: (at) => [snapshot(at)],
          },
        ],
      },
    },
  },
  sweeper: {
    logicalId: 'SweeperFunction',
    memberRoles: ['lamplighter-read', 'lamplighter-operator'],
    ops: {
      ...itemOps,
      ...identity,
      'secretsmanager:GetSecretValue': { places: HERE, resources: secret },
      'sts:AssumeRole': {
        places: HERE,
        resources: () => [...memberRole('lamplighter-read')(), ...memberRole('lamplighter-operator')()],
      },
      'cloudwatch:DescribeAlarms': { places: ALL, resources: alarm },
      'cloudwatch:DisableAlarmActions': { places: ALL, resources: alarm },
      'cloudwatch:EnableAlarmActions': { places: ALL, resources: alarm },
      'ec2:DescribeVolumes': { places: ALL, resources: anything },
      'ec2:DescribeInstances': { places: ALL, resources: anything },
      'ec2:DescribeSnapshots': { places: ALL, resources: anything },
      'ec2:DescribeNatGateways': { places: ALL, resources: anything },
      'rds:DescribeDBInstances': {
        places: ALL,
        resources: (at) => [`arn:aws:rds:${at.region}:${at.account}:db:orders`],
      },
      'redshift:DescribeClusters': {
        places: ALL,
        resources: (at) => [`arn:aws:redshift:${at.region}:${at.account}:cluster:warehouse`],
      },
      'dynamodb:DescribeTable': {
        places: ALL,
        resources: (at) => [`arn:aws:dynamodb:${at.region}:${at.account}:table/orders`],
      },
      'ec2:CreateSnapshot': { unused: 'ec2.ts also creates snapshots (/snapshot); the sweeper only follows them' },
      'ec2:CreateSnapshots': { unused: 'ec2.ts also creates snapshots (/snapshot); the sweeper only follows them' },
      'logs:DescribeLogGroups': { unused: sweeperBuildsThePort('logs port') },
      'logs:FilterLogEvents': { unused: sweeperBuildsThePort('logs port') },
      'logs:StartQuery': { unused: sweeperBuildsThePort('logs port') },
      'logs:GetQueryResults': { unused: sweeperBuildsThePort('logs port') },
      'logs:StopQuery': { unused: sweeperBuildsThePort('logs port') },
      'cloudtrail:LookupEvents': { unused: sweeperBuildsThePort('trail port') },
      'ce:ProvideAnomalyFeedback': { unused: sweeperBuildsThePort('anomaly feedback port') },
    },
  },
};

/** Lamplighter's changes in a member account go through lamplighter-operator; everything else reads. */
const OPERATOR_ACTIONS = new Set([
  'cloudwatch:DisableAlarmActions',
  'cloudwatch:EnableAlarmActions',
  'ec2:CreateSnapshot',
  'ec2:CreateSnapshots',
  'ec2:CreateTags',
]);

const MEMBER_ROLE_IDS: Record<string, string> = {
  'lamplighter-read': 'LamplighterReadRole',
  'lamplighter-operator': 'LamplighterOperatorRole',
};

interface Refusal {
  function: string;
  operation: string;
  callSites: string[];
  place: string;
  action: string;
  resource: string;
  missing: string;
}

function check(parameters: Record<string, string>): { refusals: Refusal[]; unlisted: string[]; checked: number } {
  const central = centralStack(parameters);
  const refusals: Refusal[] = [];
  const unlisted: string[] = [];
  let checked = 0;
  // member.yaml as StackSets would deploy it for this central stack: its outputs as the principals.
  const member = memberStack(
    {
      CentralReadRoleArns: String(central.outputs.MemberReadPrincipals),
      CentralOperatorRoleArns: String(central.outputs.MemberOperatorPrincipals),
    },
    { account: MEMBER, region: MEMBER_PARAMETERS.CentralRegion },
  );
  for (const [fn, spec] of Object.entries(USES)) {
    const roleId = `${spec.logicalId}Role`;
    const role = central.resources[roleId];
    if (!role) {
      unlisted.push(`${fn}: no ${roleId} in the transformed template (is ${spec.logicalId} still a function?)`);
      continue;
    }
    const own = roleStatements(role);
    const roleArn = central.arn(roleId);
    for (const op of bundleOperations(fn)) {
      const name = iamAction(op);
      const use = spec.ops[name];
      if (!use) {
        unlisted.push(`${fn}: ${name} (${op.files.join(', ')})`);
        continue;
      }
      if ('unused' in use) continue;
      for (const place of use.places) {
        const at: At =
          place === 'here'
            ? { account: central.where.account, region: central.where.region, stack: central }
            : place === 'another region'
              ? { account: central.where.account, region: 'ap-southeast-2', stack: central }
              : { account: MEMBER, region: 'us-east-1', stack: central };
        const roleName = [...(use.actions ?? [{ action: name }])].some((a) => OPERATOR_ACTIONS.has(a.action))
          ? 'lamplighter-operator'
          : 'lamplighter-read';
        let statements: Statement[] = own;
        let policyOf = `${roleId} (template.yaml)`;
        if (place === 'member account') {
          const memberRoleResource = member.resources[MEMBER_ROLE_IDS[roleName]!];
          if (!memberRoleResource) throw new Error(`no ${roleName} in member.yaml`);
          statements = roleStatements(memberRoleResource);
          policyOf = `${roleName} (member.yaml)`;
          const trust = (
            memberRoleResource.Properties!.AssumeRolePolicyDocument as unknown as { Statement: Statement[] }
          ).Statement;
          const trusted = trust.some(
            (st) =>
              st.Effect === 'Allow' &&
              ([] as string[])
                .concat((st as unknown as { Principal: { AWS: string[] } }).Principal.AWS)
                .includes(roleArn),
          );
          checked++;
          if (!spec.memberRoles.includes(roleName) || !trusted)
            refusals.push({
              function: fn,
              operation: `${op.sdk} ${op.command}`,
              callSites: op.files,
              place,
              action: 'sts:AssumeRole',
              resource: `arn:aws:iam::${MEMBER}:role/${roleName}`,
              missing: `${roleName}'s trust policy (member.yaml) does not name ${roleArn}`,
            });
        }
        for (const { action, context, resources } of use.actions ?? [{ action: name }])
          for (const resource of (resources ?? use.resources)(at)) {
            checked++;
            const decision = evaluate(statements, {
              action,
              resource,
              context: { ...(parameters.OrganizationId ? { 'aws:ResourceOrgID': ORG } : {}), ...context },
            });
            if (!decision.allowed)
              refusals.push({
                function: fn,
                operation: `${op.sdk} ${op.command}`,
                callSites: op.files,
                place,
                action,
                resource,
                missing: decision.statement
                  ? `denied by ${decision.statement.Sid ?? 'a Deny'} in ${policyOf}`
                  : `no Allow for ${action} on ${resource} in ${policyOf}`,
              });
          }
      }
    }
  }
  return { refusals, unlisted, checked };
}

describe('every AWS operation a function can send is allowed where the code sends it', () => {
  it.each([
    ['the default parameters', {}],
    ['an organisation', organisationParameters()],
  ])('with %s', (_label, parameters: Record<string, string>) => {
    const { refusals, unlisted, checked } = check(parameters);
    expect(unlisted).toEqual([]);
    expect(refusals).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('finds the operations of each bundle, including those loaded from the runtime’s SDK', () => {
    const names = (fn: string) => bundleOperations(fn).map((op: Operation) => iamAction(op));
    expect(names('worker')).toEqual(expect.arrayContaining(['logs:DescribeLogGroups', 'ec2:CreateSnapshot']));
    expect(bundleOperations('worker').find((op) => op.command === 'CreateSnapshot')).toMatchObject({
      external: true,
      files: ['src/adapters/aws/ec2.ts'],
    });
    expect(names('slack').sort()).toEqual(['lambda:InvokeFunction', 'secretsmanager:GetSecretValue']);
  });
});
