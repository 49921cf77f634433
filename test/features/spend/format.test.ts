import { planCloudTrail, type CostRules } from '../../../src/features/spend/plan';
import { estimateCreation, DEFAULT_WATCHLIST } from '../../../src/features/spend/estimate';
import { parseCloudTrailEvent, type CloudTrailEvent } from '../../../src/kernel/envelopes/cloudtrail';
import { classify } from '../../../src/app/classify';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import type { SlackMessage } from '../../../src/kernel/slack/blocks';
import { formatBudgetAlert, formatCostAnomaly, thresholdInWords } from '../../../src/features/spend/format-alerts';
import { messageHtml } from '../../../src/sandbox/web/blocks-html';
import { formatSpendWarning, SPEND_ACTIONS } from '../../../src/features/spend/format';
import { messageErrors } from '../../../src/sandbox/block-limits';
import { loadFixture } from '../../support/fixtures';

const rules: CostRules = {
  watchlist: new Set(DEFAULT_WATCHLIST),
  policy: { warningMonthlyUsd: 100, criticalMonthlyUsd: 1000 },
  failedCalls: 'note',
  securityWatch: true,
};

function event(fixture: string, edit: (e: CloudTrailEvent) => void = () => {}): CloudTrailEvent {
  const parsed = parseCloudTrailEvent(loadFixture(fixture));
  if (!parsed) throw new Error(`${fixture} is not a CloudTrail event`);
  edit(parsed);
  return parsed;
}

const visible = (m: SlackMessage) => JSON.stringify(m.attachments ?? m.blocks) + '\n' + m.text;

/** Every text Slack parses for mentions and links: mrkdwn objects and the top-level text. (Headers are plain_text, which Slack shows as typed.) */
function parsedTexts(m: SlackMessage): string {
  const out: string[] = [m.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.attachments ?? m.blocks);
  return out.join('\n');
}
const fields = (m: SlackMessage) =>
  (m.attachments?.[0]?.blocks ?? []).flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])).map((f) => f.text);

describe('spend warnings', () => {
  it("shows who, what, where, when and about $569 a month for a 1,000/1,000 table (the issue's case)", async () => {
    const [post] = await planCloudTrail(
      event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'),
      rules,
    );
    expect(post?.kind).toBe('spend');
    const m = post!.message;
    expect(m.text).toBe('DynamoDB table analytics-events created: $569.40/month by alice');
    expect(fields(m)).toEqual([
      '*Who*\nalice _(IAM user)_',
      '*What*\nDynamoDB table `analytics-events`\n1,000 RCU + 1,000 WCU provisioned',
      '*Where*\naccount `123456789012`\n`us-east-1` · US East (N. Virginia)',
      '*When*\n2026-11-27 14:03:12 UTC',
      '*Call*\n`dynamodb:CreateTable` from `203.0.113.7`',
    ]);
    expect(visible(m)).toContain('*$0.78/hour · about $569.40/month* · Warning');
    expect(messageErrors(m as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('has Expected and Remind me in 24h buttons with stable action ids, and a console link', async () => {
    const [post] = await planCloudTrail(
      event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'),
      rules,
    );
    const actions = post!.message.attachments?.[0]?.blocks.find((b) => b.type === 'actions');
    expect(
      actions?.type === 'actions' &&
        actions.elements.map((e) => (e.type === 'button' ? [e.action_id, e.text.text, e.url ?? e.value] : [])),
    ).toEqual([
      [SPEND_ACTIONS.expected, 'Expected', '123456789012:5f1d2c3b-0a9e-4c1f-9d2b-7e6a5c4b3a21'],
      [SPEND_ACTIONS.remind, 'Remind me in 24h', '123456789012:5f1d2c3b-0a9e-4c1f-9d2b-7e6a5c4b3a21'],
      [
        SPEND_ACTIONS.openConsole,
        'Open in console',
        'https://us-east-1.console.aws.amazon.com/dynamodbv2/home?region=us-east-1#table?name=analytics-events',
      ],
    ]);
  });

  it('names an assumed role with its session, and an SSO user by name and permission set', async () => {
    const [role] = await planCloudTrail(event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json'), rules);
    expect(fields(role!.message)[0]).toBe('*Who*\nplatform-deployer (session ci-deploy-4711) _(assumed role)_');
    const sso = event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (e) => {
      e.principal = parseCloudTrailEvent({
        ...loadFixture<Record<string, unknown>>('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json'),
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com',
          sessionContext: {
            sessionIssuer: { type: 'Role', userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef' },
          },
        },
      })!.principal;
    });
    expect(fields((await planCloudTrail(sso, rules))[0]!.message)[0]).toBe(
      '*Who*\njane@example.com (SSO, AdministratorAccess) _(SSO user)_',
    );
  });

  it('flags the root account loudly, with a security note as well as the spend warning', async () => {
    const raw = loadFixture<Record<string, unknown>>('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
    raw.userIdentity = {
      type: 'Root',
      principalId: '123456789012',
      arn: 'arn:aws:iam::123456789012:root',
      accountId: '123456789012',
    };
    const root = parseCloudTrailEvent(raw)!;
    const posts = await planCloudTrail(root, rules);
    expect(posts.map((p) => p.kind)).toEqual(['security', 'spend']);
    expect(fields(posts[1]!.message)[0]).toBe('*Who*\n:rotating_light: *the root account*');
    expect(posts[0]!.message.text).toBe('The root account called RunInstances');
  });

  it('is critical from the critical threshold and mentions the configured group only then', async () => {
    const gpu = event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
    const withGroup: CostRules = { ...rules, policy: { ...rules.policy, mentionGroupId: 'S0ONCALL1' } };
    const critical = (await planCloudTrail(gpu, withGroup))[0]!.message;
    expect(critical.attachments?.[0]?.color).toBe('#D13212');
    expect(critical.text.startsWith('<!subteam^S0ONCALL1> ')).toBe(true);
    const warning = (
      await planCloudTrail(event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'), withGroup)
    )[0]!.message;
    expect(visible(warning)).not.toContain('subteam');
    expect((await planCloudTrail(gpu, rules))[0]!.message.text).not.toContain('subteam');
    const info = (await planCloudTrail(event('lamplighter/cloudtrail-record-ec2-createnatgateway.json'), rules))[0]!
      .message;
    expect(info.attachments?.[0]?.color).toBe('#4A90D9');
  });

  it('escapes resource names and tags: no pings, no links', async () => {
    const injected = event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
      e.requestParameters.tableName = '<!channel> <https://evil.example|table>';
    });
    const m = (await planCloudTrail(injected, rules))[0]!.message;
    expect(parsedTexts(m)).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(parsedTexts(m)).toContain('&lt;!channel&gt;');
    const header = m.attachments?.[0]?.blocks[0];
    expect(header?.type === 'header' && header.text.type).toBe('plain_text');
  });

  it('says "price unknown" and still warns', async () => {
    const m = (await planCloudTrail(event('awsdocs/eventbridge-cloudtrail-redshift-createcluster.json'), rules))[0]!
      .message;
    expect(m.text).toBe('Redshift cluster my-dw-instance created: price unknown by Admin');
    expect(m.attachments?.[0]?.color).toBe('#E8A317');
  });

  it('groups repeats: the header counts them and the total is shown', async () => {
    const e = event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json');
    const m = formatSpendWarning({ event: e, estimate: estimateCreation(e), policy: rules.policy, count: 3 });
    expect(m.text).toContain('×3');
    expect(visible(m)).toContain('3 of these together: about $13,403/month');
  });
});

describe('failed calls created nothing', () => {
  const failed = () =>
    event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
      e.errorCode = 'AccessDeniedException';
      e.errorMessage = 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: dynamodb:CreateTable';
    });

  it('get a quiet note without any dollar figure', async () => {
    const posts = await planCloudTrail(failed(), rules);
    expect(posts.map((p) => p.kind)).toEqual(['failed']);
    expect(visible(posts[0]!.message)).toContain('it failed with `AccessDeniedException`');
    expect(visible(posts[0]!.message)).not.toContain('$');
  });

  it('or nothing, by configuration', async () => {
    expect(await planCloudTrail(failed(), { ...rules, failedCalls: 'ignore' })).toEqual([]);
  });

  it('a table update that changes no capacity, or Application Auto Scaling adjusting it, posts nothing', async () => {
    const streams = event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
      e.eventName = 'UpdateTable';
      e.requestParameters = { tableName: 'analytics-events', streamSpecification: { streamEnabled: true } };
    });
    expect(await planCloudTrail(streams, rules)).toEqual([]);
    const autoscaling = event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json', (e) => {
      e.eventName = 'UpdateTable';
      e.principal = {
        ...e.principal,
        arn: 'arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable/AutoScaling',
      };
    });
    expect(await planCloudTrail(autoscaling, rules)).toEqual([]);
  });

  it('says "updated" for an update', async () => {
    const update = event(
      'lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json',
      (e) => (e.eventName = 'UpdateTable'),
    );
    expect((await planCloudTrail(update, rules))[0]!.message.text).toBe(
      'DynamoDB table analytics-events updated: $569.40/month by alice',
    );
  });

  it('calls off the watchlist post nothing', async () => {
    expect(await planCloudTrail(event('cloudtrail-to-slack/cloudtrail-record-access-denied.json'), rules)).toEqual([]);
    expect(
      await planCloudTrail(event('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'), {
        ...rules,
        watchlist: new Set(['redshift:CreateCluster']),
      }),
    ).toEqual([]);
  });
});

describe('security watch', () => {
  it.each([
    ['awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json', 'Root account signed in without MFA'],
    ['awsdocs/eventbridge-cloudtrail-signin-consolelogin-root-mfa.json', 'Root account signed in'],
    ['awsdocs/eventbridge-cloudtrail-signin-consolelogin-root-failure.json', 'Failed sign-in to the root account'],
    ['awsdocs/eventbridge-cloudtrail-signin-consolelogin-iamuser-nomfa.json', 'signed in to the console without MFA'],
    ['cloudtrail-to-slack/cloudtrail-record-cloudtrail-stop-logging.json', 'CloudTrail logging was stopped'],
    ['cloudtrail-to-slack/cloudtrail-record-cloudtrail-delete-trail.json', 'A CloudTrail trail was deleted'],
    ['cloudtrail-to-slack/cloudtrail-record-cloudtrail-update-trail.json', 'A CloudTrail trail was changed'],
  ])('%s → "%s"', async (fixture, title) => {
    const posts = await planCloudTrail(event(fixture), rules);
    expect(posts.map((p) => p.kind)).toEqual(['security']);
    expect(posts[0]!.message.text).toContain(title);
  });

  it('flags a refused root call too, with the failure (StopLogging denied is still root at work)', async () => {
    const raw = loadFixture<Record<string, unknown>>(
      'cloudtrail-to-slack/cloudtrail-record-cloudtrail-stop-logging.json',
    );
    raw.userIdentity = { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root' };
    raw.errorCode = 'AccessDenied';
    const posts = await planCloudTrail(parseCloudTrailEvent(raw)!, rules);
    expect(posts.map((p) => p.kind)).toEqual(['security']);
    expect(posts[0]!.message.text).toBe('The root account tried StopLogging (refused: AccessDenied)');
  });

  it('names an identity without an ARN by the user name it gave', () => {
    const raw = loadFixture<Record<string, unknown>>(
      'cloudtrail-to-slack/cloudtrail-record-cloudtrail-stop-logging.json',
    );
    raw.userIdentity = { type: 'Unknown', principalId: 'ANONYMOUS', userName: 'mallory' };
    expect(parseCloudTrailEvent(raw)!.principal.display).toBe('mallory');
  });

  it('can be switched off', async () => {
    expect(
      await planCloudTrail(event('awsdocs/eventbridge-cloudtrail-signin-consolelogin-root.json'), {
        ...rules,
        securityWatch: false,
      }),
    ).toEqual([]);
  });
});

describe('Budgets and Cost Anomaly alerts', () => {
  it('formats a Budgets alert: name, actual against budgeted, threshold', async () => {
    const n = classify(deliveriesFrom(loadFixture('lamplighter/sns-budgets-notification.json'))[0]!);
    expect(n.kind).toBe('budget');
    const m = formatBudgetAlert(n.kind === 'budget' ? n.budget : (undefined as never));
    expect(m.text).toBe('Budget monthly-platform: actual $850.12 of $1,000.00');
    expect(fields(m)).toEqual([
      '*Budget*\nmonthly-platform',
      '*Actual*\n$850.12',
      '*Budgeted*\n$1,000.00',
      '*Threshold*\nmore than $800.00 (80% of the budget)',
      '*Type*\nCost',
      '*Account*\n`123456789012`',
    ]);
  });

  it('says the threshold in words, never as a leading > that Slack would draw as a quote', () => {
    expect(thresholdInWords('> 80.00%')).toBe('more than 80.00% of the budget');
    expect(thresholdInWords('>= $900', '$1,200.00')).toBe('at least $900 (75% of the budget)');
    expect(thresholdInWords('$800.00', 'unknown')).toBe('$800.00');
    const n = classify(deliveriesFrom(loadFixture('lamplighter/sns-budgets-notification.json'))[0]!);
    const m = formatBudgetAlert(n.kind === 'budget' ? n.budget : (undefined as never));
    const drawn = messageHtml(m);
    expect(drawn).toContain('more than $800.00 (80% of the budget)');
    expect(drawn).not.toContain('<blockquote>');
  });

  it('reads an unexpected Alert Type as text, never as a pattern', async () => {
    const n = classify({
      messageId: 'b-1',
      message: 'AWS Budget Notification\nBudget Name: x\nAlert Type: (\nACTUAL Amount: $5.00\n',
    });
    expect(n.kind).toBe('budget');
  });

  it.each(['aws-cost-anomaly-slack-reactor/sns-cost-anomaly.json', 'awsdocs/eventbridge-cost-anomaly-detected.json'])(
    'formats a Cost Anomaly alert from %s',
    (fixture) => {
      const n = classify(deliveriesFrom(loadFixture(fixture))[0]!);
      expect(n.kind).toBe('anomaly');
      const m = formatCostAnomaly(n.kind === 'anomaly' ? n.anomaly : (undefined as never));
      expect(m.text).toMatch(/^Cost anomaly: \+\$1,001 \(333\.7%\) in /);
      expect(visible(m)).toContain('$1,301 against $300.00 expected');
      expect(visible(m)).toContain(
        'https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/abcdef12-1234-4ea0-84cc-918a97d736ef/anomalies/12345678-abcd-ef12-3456-987654321a12',
      );
      expect(messageErrors(m as unknown as Record<string, unknown>)).toEqual([]);
    },
  );
});
