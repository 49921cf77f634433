import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { centralStack, memberStack, organisationParameters, type Stack } from '../support/cfn';
import { matches, patternObject, patternProblems } from '../support/event-pattern';
import { ROOT } from '../support/paths';

/**
 * Every EventPattern of both templates as EventBridge receives it (SAM-transformed, parameters
 * as strings, conditions and !Sub resolved), held against EventBridge's documented grammar, for
 * the default parameters and realistic combinations.
 */

/** Parameter sets a deployment might use: defaults; an organisation with every optional rule on and alarm prefixes. */
export function centralParameterSets(): Array<[string, Record<string, string>]> {
  const organisation: Record<string, string> = {
    ...organisationParameters(),
    AlarmNamePrefixes: 'prod-,payments-',
    GuardDutyMinSeverity: '7.5',
    SecurityHubFindings: 'true',
    InstanceStateEvents: 'true',
    InspectorFindings: 'true',
    EcsStoppedTasks: 'true',
    SpotInterruptions: 'true',
    RdsEvents: 'true',
    ConfigNonCompliant: 'true',
  };
  return [
    ['defaults', {}],
    ['an organisation, every optional rule, two alarm prefixes', organisation],
    ['GuardDuty from severity 0, one prefix', { GuardDutyMinSeverity: '0', AlarmNamePrefixes: 'prod-' }],
  ];
}

const stacks: Array<[string, Stack]> = [
  ...centralParameterSets().map(([label, p]): [string, Stack] => [`template.yaml (${label})`, centralStack(p)]),
  ['member.yaml (a member account)', memberStack()],
  [
    'member.yaml (the central account, another region)',
    memberStack({}, { account: '111111111111', region: 'us-east-1' }),
  ],
];

const rulesOf = (stack: Stack) =>
  Object.entries(stack.resources).filter(
    ([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern !== undefined,
  );

const fixture = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, 'test/fixtures', path), 'utf8'));

describe.each(stacks)('%s', (_label, stack) => {
  const rules = rulesOf(stack);

  it('has event rules to check', () => {
    expect(rules.length).toBeGreaterThan(3);
  });

  it('gives EventBridge only patterns its grammar accepts', () => {
    const refused = rules
      .map(([name, r]) => ({ rule: name, problems: patternProblems(r.Properties!.EventPattern) }))
      .filter((x) => x.problems.length > 0);
    expect(refused).toEqual([]);
  });

  it("matches a `source` in every rule, and only AWS's reserved aws.* sources (PutEvents cannot forge them)", () => {
    const unmatched = rules
      .map(([name, r]) => {
        const sources = patternObject(r.Properties!.EventPattern).source;
        const reserved =
          Array.isArray(sources) &&
          sources.length > 0 &&
          sources.every(
            (s) =>
              (typeof s === 'string' && /^aws\.[a-z0-9-]+$/.test(s)) ||
              (typeof s === 'object' &&
                s !== null &&
                Object.keys(s).join() === 'prefix' &&
                String((s as { prefix: unknown }).prefix).startsWith('aws.')),
          );
        return { rule: name, source: sources ?? '(none)', reserved };
      })
      .filter((x) => !x.reserved);
    expect(unmatched).toEqual([]);
  });
});

describe('the patterns match what AWS sends, and nothing forged', () => {
  const central = centralStack();
  const member = memberStack();
  const pattern = (stack: Stack, rule: string) => stack.resources[rule]!.Properties!.EventPattern;
  const forged = (event: Record<string, unknown>) => ({ ...event, source: 'my.application' });

  it('GuardDuty: a finding at or above GuardDutyMinSeverity (a number in the pattern), none below', () => {
    const finding = fixture('lamplighter/eventbridge-guardduty-finding-iam-exfiltration.json') as {
      detail: { severity: number };
    };
    for (const [min, severity, expected] of [
      ['4', 5, true],
      ['4', 3.9, false],
      ['7.5', 8, true],
      ['7.5', 7, false],
    ] as const) {
      const stack = centralStack({ GuardDutyMinSeverity: min });
      const event = { ...finding, detail: { ...finding.detail, severity } };
      expect({ min, severity, matches: matches(pattern(stack, 'GuardDutyFindingsRule'), event) }).toEqual({
        min,
        severity,
        matches: expected,
      });
    }
  });

  it('console sign-ins: aws.signin events match; the same event from another source does not', () => {
    const signIn = fixture('awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json') as Record<string, unknown>;
    for (const [stack, rule] of [
      [central, 'SignInWatchRule'],
      [member, 'ForwardSignInRule'],
    ] as const) {
      expect({ rule, real: matches(pattern(stack, rule), signIn) }).toEqual({ rule, real: true });
      expect({ rule, forged: matches(pattern(stack, rule), forged(signIn)) }).toEqual({ rule, forged: false });
    }
  });

  it('CloudTrail stopped and root activity: the service’s own aws.* source matches; a forged source does not', () => {
    const asEvent = (source: string, record: Record<string, unknown>) => ({
      version: '0',
      source,
      'detail-type': 'AWS API Call via CloudTrail',
      account: '222222222222',
      region: 'eu-west-1',
      detail: record,
    });
    const stop = asEvent(
      'aws.cloudtrail',
      fixture('cloudtrail-to-slack/cloudtrail-record-cloudtrail-stop-logging.json') as Record<string, unknown>,
    );
    const root = asEvent('aws.ec2', {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      userIdentity: { type: 'Root' },
    });
    for (const [stack, rule] of [
      [central, 'TrailAndRootWatchRule'],
      [member, 'ForwardTrailAndRootRule'],
    ] as const) {
      for (const [what, event] of [
        ['StopLogging', stop],
        ['root RunInstances', root],
      ] as const) {
        expect({ rule, what, real: matches(pattern(stack, rule), event) }).toEqual({ rule, what, real: true });
        expect({ rule, what, forged: matches(pattern(stack, rule), forged(event)) }).toEqual({
          rule,
          what,
          forged: false,
        });
      }
    }
  });
});
