import { consoleSignInFrom } from '../../../src/config/accounts';
import { formatAlarm } from '../../../src/features/alarms/format';
import { linksInAccount, viaAccessPortal } from '../../../src/kernel/slack/account-links';
import { link, section } from '../../../src/kernel/slack/text';

const signIn = { startUrl: 'https://acme.awsapps.com/start', roleName: 'ReadOnlyAccess' };
const page = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/db%20cpu';

describe('console links in the message’s account (IAM Identity Center shortcut links)', () => {
  it('opens the page through the access portal, in the account, with the permission set', () => {
    const url = new URL(viaAccessPortal(page, '222222222222', signIn));
    expect(url.origin + url.pathname).toBe('https://acme.awsapps.com/start/');
    const params = new URLSearchParams(url.hash.replace(/^#\/console\?/, ''));
    expect(url.hash.startsWith('#/console?')).toBe(true);
    expect(params.get('account_id')).toBe('222222222222');
    expect(params.get('role_name')).toBe('ReadOnlyAccess');
    expect(params.get('destination')).toBe(page);
  });

  it('rewrites an alarm message’s links and button urls, and nothing else', () => {
    const message = formatAlarm({
      alarm: {
        kind: 'metric',
        alarmName: 'db cpu',
        alarmArn: 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:db cpu',
        accountId: '222222222222',
        partition: 'aws',
        region: 'us-east-1',
        state: 'ALARM',
        reason: 'Threshold crossed: see https://example.com/runbook',
      },
    });
    expect(message.account).toBe('222222222222');
    const before = JSON.stringify(message);
    const after = JSON.stringify(linksInAccount(message, signIn));
    const plain = before.match(/https:\/\/[a-z0-9.-]*console\.aws\.amazon\.com/g) ?? [];
    expect(plain.length).toBeGreaterThan(0);
    expect(after.match(/https:\/\/[a-z0-9.-]*console\.aws\.amazon\.com\//g) ?? []).toEqual([]);
    expect(after.match(/acme\.awsapps\.com\/start\/#\/console\?account_id=222222222222/g)).toHaveLength(plain.length);
    expect(after).toContain('https://example.com/runbook');
  });

  it('sends the portal link with its & escaped inside <url|label> (issue 20, item 8), the destination intact', () => {
    const logs = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1&x=1#logsV2:log-groups';
    const message = { text: 't', account: '222222222222', blocks: [section(`see ${link(logs, 'the logs')}`)] };
    const text = JSON.stringify(linksInAccount(message, signIn).blocks);
    const inside = /<(https:\/\/acme[^|>]*)\|the logs>/.exec(JSON.parse(text)[0].text.text)?.[1] ?? '';
    expect(inside).toContain('account_id=222222222222&amp;role_name=ReadOnlyAccess&amp;destination=');
    expect(inside.replace(/&amp;/g, '')).not.toContain('&');
    const url = new URL(inside.replace(/&amp;/g, '&'));
    expect(new URLSearchParams(url.hash.replace(/^#\/console\?/, '')).get('destination')).toBe(logs);
  });

  it('leaves a message alone without a portal, without an account, or where a text would outgrow Slack’s limits', () => {
    const message = { text: 't', account: '222222222222', blocks: [section(link(page, 'alarm'))] };
    expect(linksInAccount(message, undefined)).toBe(message);
    const { account: _, ...noAccount } = message;
    expect(linksInAccount(noAccount, signIn)).toBe(noAccount);
    const long = { ...message, blocks: [section(Array.from({ length: 12 }, () => link(page, 'alarm')).join(' '))] };
    expect(linksInAccount(long, signIn)).toEqual(long);
  });

  it('is configured by CONSOLE_START_URL and CONSOLE_ROLE_NAME, a bad entry failing by name', () => {
    expect(consoleSignInFrom({})).toBeUndefined();
    expect(consoleSignInFrom({ CONSOLE_START_URL: 'https://acme.awsapps.com/start' })).toEqual({
      startUrl: 'https://acme.awsapps.com/start',
    });
    expect(() => consoleSignInFrom({ CONSOLE_START_URL: 'http://acme.awsapps.com/start' })).toThrow(
      /CONSOLE_START_URL: must be the access portal's https start URL/,
    );
    expect(() => consoleSignInFrom({ CONSOLE_ROLE_NAME: 'ReadOnly' })).toThrow(
      /CONSOLE_ROLE_NAME: needs CONSOLE_START_URL/,
    );
    expect(() =>
      consoleSignInFrom({ CONSOLE_START_URL: 'https://acme.awsapps.com/start', CONSOLE_ROLE_NAME: 'a b' }),
    ).toThrow(/CONSOLE_ROLE_NAME: is not a permission set name/);
  });
});
