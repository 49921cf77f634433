import { configuredBook, type AccountBook, type AccountDirectory, type AccountNames } from './accounts';
import type { Place } from './aws/place';
import { code, optionValue, type Token } from './command-text';
import { escapeMrkdwn } from './slack/text';

/** `--account` and `--region` as typed: an account id or name, a region code. */
export interface Where {
  account?: string;
  region?: string;
}

/** What `--account` and `--region` add to a command's usage. */
export const WHERE_USAGE =
  '`--account NAME|ID` and `--region REGION` act in another account of the organisation (through its member role) or another region.';

/** `--account` and `--region`, checked: a region is a code; an account, 12 digits or a name (resolved later). */
export function checkWhere(account: string | undefined, region: string | undefined): Where | string | undefined {
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    return `${code(`--region ${region}`)} is not a region code such as us-east-1`;
  if (account !== undefined && !/^[\w.+@-]{1,64}$/.test(account))
    return `${code(`--account ${account}`)} is not an account id or name`;
  if (account === undefined && region === undefined) return undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/**
 * Takes `--account X` / `--account=X` and `--region X` out of a command's tokens; the rest are
 * the command's own. A repeated option or one without a value is an error.
 */
export function takeWhere(tokens: readonly Token[]): { where?: Where; rest: Token[] } | string {
  const rest: Token[] = [];
  const found: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const m = /^--(account|region)(?:=(.*))?$/.exec(t.raw);
    if (!m) {
      rest.push(t);
      continue;
    }
    const name = m[1] as 'account' | 'region';
    const taken = optionValue(tokens, i, name, m[2]);
    if (typeof taken === 'string') return taken;
    if (name in found) return `\`--${name}\` is given twice`;
    found[name] = taken.value;
    i = taken.last;
  }
  const where = checkWhere(found.account, found.region);
  if (typeof where === 'string') return where;
  return where ? { where, rest } : { rest };
}

/** Where a command acts, resolved: the place for the AWS calls, and how to name it in the answer. */
export interface Resolved {
  place: Place;
  /** "prod-payments (222222222222), eu-west-1"; '' for the function's own account and region. */
  label: string;
}

/**
 * What `--account` is resolved and checked against: the configured accounts, and, when the
 * command names an account at all, the directory's (AWS Organizations, cached) where one is given.
 */
export async function bookForWhere(
  where: Where | undefined,
  configured: AccountNames | undefined,
  directory: AccountDirectory | undefined,
): Promise<AccountBook> {
  if (!where?.account || !directory?.book) return configuredBook(configured);
  return directory.book();
}

/** The book with the function's own account in it too (it needs no member role to reach). */
export const withOwnAccount = (book: AccountBook, own: string | undefined): AccountBook =>
  own && !book.members.has(own) ? { ...book, members: new Set([...book.members, own]) } : book;

/** Why an account may not be acted in from a command, or undefined when it may. */
export function unreachable(accountId: string, book: AccountBook): string | undefined {
  return book.members.has(accountId)
    ? undefined
    : `${code(accountId)} is not an account of the organisation: name it in LAMPLIGHTER_ACCOUNTS (or let Lamplighter read the organisation's accounts)`;
}

/** The function's own account and region. */
export const HERE: Resolved = { place: {}, label: '' };

/** " in prod-payments (222222222222), eu-west-1", or nothing for the function's own account and region. */
export function whereText(where: Resolved): string {
  return where.label ? ` in ${escapeMrkdwn(where.label)}` : '';
}

/**
 * `--account NAME|ID` → the account's id, by LAMPLIGHTER_ACCOUNTS' names (or Organizations');
 * another account needs the organisation set up (its member roles), and must be one of its
 * accounts (configured, or listed by Organizations); another region needs neither. A name two
 * accounts claim is refused with both ids.
 */
export function resolveWhere(where: Where | undefined, book: AccountBook, organisation: boolean): Resolved | string {
  if (!where) return HERE;
  if (where.account && !organisation)
    return '`--account` needs the organisation set up (MemberExternalId, and member.yaml in each account)';
  const isId = where.account ? /^\d{12}$/.test(where.account) : false;
  // A configured name is in `names` even when an Organizations account claims it too: it wins.
  const byName = where.account ? [...book.names].find(([, name]) => name === where.account)?.[0] : undefined;
  const clash = where.account && !isId && !byName ? book.clashes.get(where.account) : undefined;
  if (where.account && clash)
    return `${code(where.account)} names more than one account (${clash.join(', ')}): give its 12-digit id`;
  const accountId = where.account ? (isId ? where.account : byName) : undefined;
  if (where.account && !accountId)
    return `no account is named ${code(where.account)}: give its 12-digit id, or name it in LAMPLIGHTER_ACCOUNTS`;
  // Only the organisation's accounts: any other id would have the central roles assume a role
  // in an account of the requester's choosing, presenting the external id.
  const refused = accountId ? unreachable(accountId, book) : undefined;
  if (refused) return refused;
  const name = accountId ? book.names.get(accountId) : undefined;
  const label = [accountId ? (name ? `${name} (${accountId})` : accountId) : '', where.region ?? '']
    .filter(Boolean)
    .join(', ');
  return {
    place: { ...(accountId ? { accountId } : {}), ...(where.region ? { region: where.region } : {}) },
    label,
  };
}
