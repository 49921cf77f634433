import { tokenize } from '../../src/kernel/command-text';
import { configuredBook, mergeAccountNames } from '../../src/kernel/accounts';
import { resolveWhere, takeWhere } from '../../src/kernel/where';

const configured = new Map([['222222222222', 'prod-payments']]);
const names = { ...configuredBook(configured), members: new Set(['222222222222', '333333333333']) };

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

  it('refuse an id that is not one of the organisation’s accounts, before any role is assumed', () => {
    expect(resolveWhere({ account: '999999999999' }, names, true)).toBe(
      "`999999999999` is not an account of the organisation: name it in LAMPLIGHTER_ACCOUNTS (or let Lamplighter read the organisation's accounts)",
    );
    expect(resolveWhere({ account: '333333333333' }, configuredBook(configured), true)).toContain(
      'is not an account of the organisation',
    );
  });
});

describe('account names from configuration and Organizations', () => {
  it('keep the configured name: a member that renames itself after it names nothing, and both ids are told', () => {
    const merged = mergeAccountNames(
      configured,
      new Map([
        ['222222222222', 'renamed-by-its-owner'],
        ['444444444444', 'prod-payments'],
        ['555555555555', 'search'],
      ]),
    );
    expect([...merged.names]).toEqual([
      ['222222222222', 'prod-payments'],
      ['555555555555', 'search'],
    ]);
    expect(merged.clashes.get('prod-payments')).toEqual(['222222222222', '444444444444']);
    const book = { ...merged, members: new Set(['222222222222', '444444444444', '555555555555']) };
    expect(resolveWhere({ account: 'prod-payments' }, book, true)).toMatchObject({
      place: { accountId: '222222222222' },
    });
    expect(resolveWhere({ account: '444444444444' }, book, true)).toEqual({
      place: { accountId: '444444444444' },
      label: '444444444444',
    });
  });

  it('refuse a name two Organizations accounts share, naming both', () => {
    const merged = mergeAccountNames(
      new Map(),
      new Map([
        ['444444444444', 'analytics'],
        ['555555555555', 'analytics'],
      ]),
    );
    expect(merged.names.size).toBe(0);
    const book = { ...merged, members: new Set(['444444444444', '555555555555']) };
    expect(resolveWhere({ account: 'analytics' }, book, true)).toBe(
      '`analytics` names more than one account (444444444444, 555555555555): give its 12-digit id',
    );
  });
});
