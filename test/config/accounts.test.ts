import { parseAccountNames } from '../../src/config/accounts';
import { accountText } from '../../src/kernel/accounts';
import { ConfigError } from '../../src/kernel/errors';

describe('accounts by name', () => {
  it('reads LAMPLIGHTER_ACCOUNTS, and names the bad entry', () => {
    expect(parseAccountNames('{"123456789012": " prod-payments "}')).toEqual(
      new Map([['123456789012', 'prod-payments']]),
    );
    expect(parseAccountNames(undefined)).toEqual(new Map());
    expect(() => parseAccountNames('{"12345": "short"}')).toThrow(
      new ConfigError('LAMPLIGHTER_ACCOUNTS.12345', 'is not an account id (12 digits)'),
    );
    expect(() => parseAccountNames('{"123456789012": ""}')).toThrow(
      new ConfigError('LAMPLIGHTER_ACCOUNTS.123456789012', 'must be a name of 1 to 64 characters'),
    );
    expect(() => parseAccountNames('["123456789012"]')).toThrow(/must be an object of account ids to names/);
    expect(() => parseAccountNames('{nope')).toThrow(/LAMPLIGHTER_ACCOUNTS: is not JSON/);
  });

  it('refuses one name for two accounts at start-up, naming both ids', () => {
    expect(() => parseAccountNames('{"111111111111": "prod", "222222222222": "prod"}')).toThrow(
      new ConfigError(
        'LAMPLIGHTER_ACCOUNTS.222222222222',
        'is named "prod" like 111111111111: each name names one account',
      ),
    );
  });

  it('shows the name beside the id, escaped', () => {
    expect(accountText('123456789012', 'prod <!here>')).toBe('prod &lt;!here&gt; (`123456789012`)');
    expect(accountText('123456789012', undefined)).toBe('`123456789012`');
  });
});
