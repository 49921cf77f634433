import { centralStack, ORGANIZATION_ID, organisationParameters, type Stack } from '../support/cfn';
import { evaluate, roleStatements, type Statement } from '../support/iam';

/** Who the central functions' roles may assume, and the IAM evaluator the IAM tests rest on. */

const ORG = ORGANIZATION_ID;
const MEMBER = '222222222222';

describe("the central functions reach member roles only in the organisation's accounts", () => {
  const assumers = ['AlarmNotifierFunction', 'CostGuardFunction', 'WorkerFunction', 'SweeperFunction'];
  const canAssume = (stack: Stack, fn: string, account: string, orgOfAccount: string) =>
    evaluate(roleStatements(stack.resources[`${fn}Role`]!), {
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${account}:role/lamplighter-read`,
      context: { 'aws:ResourceOrgID': orgOfAccount },
    }).allowed;

  it('with OrganizationId set, a lamplighter-read role in an account of another organisation is refused', () => {
    const stack = centralStack(organisationParameters());
    for (const fn of assumers) {
      expect({ fn, ours: canAssume(stack, fn, MEMBER, ORG) }).toEqual({ fn, ours: true });
      expect({ fn, theirs: canAssume(stack, fn, '333333333333', 'o-zz9yx8wv7u') }).toEqual({ fn, theirs: false });
    }
  });

  it('without an organisation, configured accounts stay reachable (no condition to meet)', () => {
    const stack = centralStack();
    for (const fn of assumers)
      expect({ fn, any: canAssume(stack, fn, '333333333333', 'o-zz9yx8wv7u') }).toEqual({ fn, any: true });
  });
});

describe('the IAM evaluator', () => {
  const statements: Statement[] = [
    { Effect: 'Allow', Action: 'logs:Describe*', Resource: 'arn:aws:logs:*:111111111111:log-group:*' },
    {
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } },
    },
    { Effect: 'Deny', Action: 'logs:DescribeLogGroups', Resource: 'arn:aws:logs:us-east-?:*:log-group:*' },
  ];
  const allowed = (action: string, resource: string, context?: Record<string, string>) =>
    evaluate(statements, { action, resource, ...(context ? { context } : {}) }).allowed;

  it('matches action wildcards case-insensitively and resource wildcards across ":"', () => {
    expect(allowed('logs:describemetricfilters', 'arn:aws:logs:eu-west-1:111111111111:log-group:/a:*')).toBe(true);
    expect(allowed('logs:FilterLogEvents', 'arn:aws:logs:eu-west-1:111111111111:log-group:/a:*')).toBe(false);
    expect(allowed('logs:DescribeLogGroups', 'arn:aws:logs:eu-west-1:222222222222:log-group:*')).toBe(false);
  });

  it('lets an explicit Deny win, and holds conditions against the request context', () => {
    expect(allowed('logs:DescribeLogGroups', 'arn:aws:logs:us-east-2:111111111111:log-group:*')).toBe(false);
    expect(
      allowed('ec2:CreateTags', 'arn:aws:ec2:eu-west-1::snapshot/*', { 'ec2:CreateAction': 'CreateSnapshot' }),
    ).toBe(true);
    expect(allowed('ec2:CreateTags', 'arn:aws:ec2:eu-west-1::snapshot/*')).toBe(false);
  });
});
