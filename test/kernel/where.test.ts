import { tokenize } from '../../src/kernel/command-text';
import { resolveWhere, takeWhere } from '../../src/kernel/where';

const names = new Map([['222222222222', 'prod-payments']]);

describe('--account and --region', () => {
  it('are taken out of a command’s words, in either spelling, leaving the rest in order', () => {
    expect(takeWhere(tokenize('db-cpu 1h --account prod-payments --region=eu-west-1 --actions'))).toEqual({
      where: { account: 'prod-payments', region: 'eu-west-1' },
      rest: tokenize('db-cpu 1h --actions'),
    });
    expect(takeWhere(tokenize('db-cpu'))).toEqual({ rest: tokenize('db-cpu') });
  });

  it('refuse a missing value, a repeat, a region that is not a code and an account that is not a name', () => {
    expect(takeWhere(tokenize('db-cpu --account'))).toBe('`--account` needs a value');
    expect(takeWhere(tokenize('db-cpu --region --actions'))).toBe('`--region` needs a value');
    expect(takeWhere(tokenize('x --region us-east-1 --region eu-west-1'))).toBe('`--region` is given twice');
    expect(takeWhere(tokenize('x --region mars'))).toBe('`--region mars` is not a region code such as us-east-1');
    expect(takeWhere(tokenize('x --account <!channel>'))).toBe(
      '`--account &lt;!channel&gt;` is not an account id or name',
    );
  });

  it('resolve an account by name or id, say where in the answer, and need the organisation only for an account', () => {
    expect(resolveWhere({ account: 'prod-payments' }, names, true)).toEqual({
      place: { accountId: '222222222222' },
      label: 'prod-payments (222222222222)',
    });
    expect(resolveWhere({ account: '333333333333', region: 'eu-west-1' }, names, true)).toEqual({
      place: { accountId: '333333333333', region: 'eu-west-1' },
      label: '333333333333, eu-west-1',
    });
    expect(resolveWhere({ region: 'eu-west-1' }, names, false)).toEqual({
      place: { region: 'eu-west-1' },
      label: 'eu-west-1',
    });
    expect(resolveWhere(undefined, names, false)).toEqual({ place: {}, label: '' });
    expect(resolveWhere({ account: 'staging' }, names, true)).toContain('no account is named `staging`');
    expect(resolveWhere({ account: 'prod-payments' }, names, false)).toContain('needs the organisation set up');
  });
});
