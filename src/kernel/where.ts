import type { AccountDirectory, AccountNames } from './accounts';
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
 * The account names `--account` is resolved against: the configured ones, and, when the command
 * names an account at all, the directory's (AWS Organizations, cached) where one is given.
 */
export async function namesForWhere(
  where: Where | undefined,
  configured: AccountNames | undefined,
  directory: AccountDirectory | undefined,
): Promise<AccountNames | undefined> {
  if (!where?.account || !directory) return configured;
  return directory.names();
}

/** The function's own account and region. */
export const HERE: Resolved = { place: {}, label: '' };

/** " in prod-payments (222222222222), eu-west-1", or nothing for the function's own account and region. */
export function whereText(where: Resolved): string {
  return where.label ? ` in ${escapeMrkdwn(where.label)}` : '';
}

/**
 * `--account NAME|ID` → the account's id, by LAMPLIGHTER_ACCOUNTS' names (or Organizations');
 * another account needs the organisation set up (its member roles), another region does not.
 */
export function resolveWhere(
  where: Where | undefined,
  accountNames: AccountNames | undefined,
  organisation: boolean,
): Resolved | string {
  if (!where) return HERE;
  if (where.account && !organisation)
    return '`--account` needs the organisation set up (MemberExternalId, and member.yaml in each account)';
  const byName = where.account ? [...(accountNames ?? [])].find(([, name]) => name === where.account)?.[0] : undefined;
  const accountId = where.account ? (/^\d{12}$/.test(where.account) ? where.account : byName) : undefined;
  if (where.account && !accountId)
    return `no account is named ${code(where.account)}: give its 12-digit id, or name it in LAMPLIGHTER_ACCOUNTS`;
  const name = accountId ? accountNames?.get(accountId) : undefined;
  const label = [accountId ? (name ? `${name} (${accountId})` : accountId) : '', where.region ?? '']
    .filter(Boolean)
    .join(', ');
  return {
    place: { ...(accountId ? { accountId } : {}), ...(where.region ? { region: where.region } : {}) },
    label,
  };
}
