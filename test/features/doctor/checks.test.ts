import {
  channelsOf,
  checkChannel,
  checkManifest,
  checkPeopleSubscriptions,
  checkSecret,
  checkStack,
  manifestUrls,
  memberAccounts,
} from '../../../src/features/doctor/checks';
import { formatCheck, formatSummary } from '../../../src/features/doctor/format';
import type { StackFacts } from '../../../src/features/doctor/port';

const facts = (status: string, statusReason?: string): StackFacts => ({
  id: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/lamplighter/1',
  status,
  ...(statusReason ? { statusReason } : {}),
  outputs: {},
  resources: {},
});

describe("doctor's checks", () => {
  it('says how a stack stands: complete, a failed first deploy, a failed update, in progress', () => {
    expect(checkStack('lamplighter', 'eu-west-1', facts('UPDATE_COMPLETE'))).toEqual({
      check: { name: 'stack', status: 'ok', detail: 'lamplighter is UPDATE_COMPLETE' },
      usable: true,
    });
    const rolledBack = checkStack(
      'lamplighter',
      'eu-west-1',
      facts('ROLLBACK_COMPLETE', 'The following resource(s) failed to create: [AlarmNotifierFunction].'),
    );
    expect(rolledBack.usable).toBe(false);
    expect(formatCheck(rolledBack.check)).toBe(
      '✗ stack: lamplighter is ROLLBACK_COMPLETE: its first deploy failed and was rolled back (The following resource(s) failed to create: [AlarmNotifierFunction].)\n' +
        '    → read why in aws cloudformation describe-stack-events --stack-name lamplighter --region eu-west-1, fix it, then sam delete --stack-name lamplighter and deploy again',
    );
    const update = checkStack('lamplighter', 'eu-west-1', facts('UPDATE_ROLLBACK_COMPLETE'));
    expect(update.usable).toBe(true);
    expect(update.check.status).toBe('fail');
    expect(update.check.detail).toContain('the last update failed and was rolled back');
    expect(checkStack('lamplighter', 'eu-west-1', facts('UPDATE_IN_PROGRESS')).check.fix).toBe(
      'wait for it to finish, then run doctor again',
    );
  });

  it('reads the secret as the functions do: both keys, no placeholder, a bot token', () => {
    expect(checkSecret('{"botToken":"xoxb-1","signingSecret":"s"}', 'arn').token).toBe('xoxb-1');
    expect(checkSecret('{"botToken":"REPLACE_ME","signingSecret":"REPLACE_ME"}', 'arn').check.detail).toBe(
      'the Slack secret has no botToken and no signingSecret yet (or the placeholder)',
    );
    // What the old guide stored: only the token, so every command and button was refused.
    expect(checkSecret('{"botToken":"xoxb-1"}', 'arn').check.detail).toBe(
      'the Slack secret has no signingSecret yet (or the placeholder)',
    );
    expect(checkSecret('{"botToken":"xoxp-user","signingSecret":"s"}', 'arn').check.detail).toBe(
      'botToken is not a bot token (xoxb-…)',
    );
    expect(checkSecret('xoxb-bare', 'arn').check.detail).toBe('the Slack secret is not JSON');
  });

  it('judges channels by id, membership and chat:write.public', () => {
    expect(checkChannel('#alerts', { ok: true }, [], 'the default channel').status).toBe('fail');
    expect(checkChannel('C0ALERTS01', { ok: false, error: 'missing_scope' }, [], 'x').detail).toBe(
      'x: Slack answered missing_scope',
    );
  });

  it('collects the default, cost and routed channels once each, and survives bad routes', () => {
    const channels = channelsOf(
      { SLACK_DEFAULT_CHANNEL: 'C1', LAMPLIGHTER_ROUTES: '[{"channel":"C2","name":"a"},{"channel":"C1"},7]' },
      { SLACK_COST_CHANNEL: 'C3', LAMPLIGHTER_ROUTES: 'not json' },
    );
    expect([...channels]).toEqual([
      ['C1', 'the default channel'],
      ['C3', 'the cost channel'],
      ['C2', 'route "a"'],
    ]);
  });

  it("finds the manifest's eight URLs, and judges them only against a manifest the user gave", () => {
    const text =
      'slash_commands:\n  - command: /logs\n    url: https://x/slack/events\nsettings:\n  interactivity:\n    request_url: "https://y/slack/events" # comment\n';
    expect(manifestUrls(text)).toEqual(['https://x/slack/events', 'https://y/slack/events']);
    expect(checkManifest(['https://x/slack/events'], 'https://x/slack/events', 'm.yaml', true).status).toBe('ok');
    expect(checkManifest(['https://YOUR-API-ID.x'], 'https://x', 'manifest.yaml', false).status).toBe('skipped');
    expect(checkManifest(['https://YOUR-API-ID.x'], 'https://x', 'mine.yaml', true).status).toBe('fail');
  });

  it('asks for email subscriptions to be confirmed', () => {
    expect(
      checkPeopleSubscriptions('ops topic email/SMS', [
        { protocol: 'email', endpoint: 'oncall@example.com', confirmed: false },
      ]),
    ).toEqual({
      name: 'ops topic email/SMS',
      status: 'fail',
      detail: 'oncall@example.com: subscription not confirmed',
      fix: 'open the "AWS Notification - Subscription Confirmation" email and confirm',
    });
    expect(checkPeopleSubscriptions('x', [{ protocol: 'lambda', endpoint: 'arn', confirmed: true }])).toBeUndefined();
  });

  it('probes the named member accounts only, never the central one', () => {
    expect([
      ...memberAccounts(
        { LAMPLIGHTER_ACCOUNTS: '{"111111111111":"central","222222222222":"prod","x":"y"}' },
        '111111111111',
      ),
    ]).toEqual([['222222222222', 'prod']]);
    expect(memberAccounts({ LAMPLIGHTER_ACCOUNTS: '[1]' }, '1').size).toBe(0);
  });

  it('sums up how many checks failed', () => {
    const ok = { name: 'a', status: 'ok' as const, detail: '' };
    expect(formatSummary([ok, { ...ok, status: 'skipped' }])).toBe('All 2 checks passed.');
    expect(formatSummary([ok, { ...ok, status: 'fail' }])).toBe('1 of 2 checks failed.');
  });
});
