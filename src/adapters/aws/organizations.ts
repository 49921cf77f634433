import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { configuredBook, mergeAccountNames, type AccountBook, type AccountDirectory } from '../../kernel/accounts';
import type { Logger } from '../../kernel/log';

/** Names and units change rarely: each is read at most once an hour per container. */
const FRESH_MS = 60 * 60_000;
/** After a failure, the next try waits this long (the configured names serve meanwhile). */
const RETRY_MS = 10 * 60_000;
const MAX_PAGES = 20;

// Loaded on first use, from the runtime's SDK: only a deployment that names accounts from
// Organizations reads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
const sdk = () => require('@aws-sdk/client-organizations') as typeof import('@aws-sdk/client-organizations');

/** Every account of the organisation by name (ListAccounts, paged), for the management or a delegated account. */
async function listAccounts(client: OrganizationsClient): Promise<Map<string, string>> {
  const { ListAccountsCommand } = sdk();
  const names = new Map<string, string>();
  let token: string | undefined;
  let pages = 0;
  do {
    const res = await client.send(new ListAccountsCommand({ NextToken: token }));
    for (const a of res.Accounts ?? []) if (a.Id && a.Name) names.set(a.Id, a.Name.slice(0, 64));
    token = res.NextToken;
  } while (token && ++pages < MAX_PAGES);
  return names;
}

/** OU nesting is at most five levels deep under the root. */
const MAX_DEPTH = 5;

/** The OUs above an account, innermost first, by id and name: ListParents up to the root. */
async function unitsAbove(
  client: OrganizationsClient,
  accountId: string,
  unitNames: Map<string, Promise<string | undefined>>,
): Promise<string[]> {
  const { ListParentsCommand, DescribeOrganizationalUnitCommand } = sdk();
  const out: string[] = [];
  let child = accountId;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const parent = (await client.send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
    if (!parent?.Id || parent.Type !== 'ORGANIZATIONAL_UNIT') break;
    const id = parent.Id;
    let name = unitNames.get(id);
    if (!name) {
      name = client
        .send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }))
        .then((r) => r.OrganizationalUnit?.Name);
      unitNames.set(id, name);
      name.catch(() => unitNames.delete(id));
    }
    const unitName = await name;
    out.push(id, ...(unitName ? [unitName] : []));
    child = id;
  }
  return out;
}

/**
 * The account names and the accounts of the organisation: the configured map
 * (LAMPLIGHTER_ACCOUNTS) wins; with `fromOrganizations`, AWS Organizations adds its accounts and
 * the names they give themselves, cached, except a name that repeats a configured one or another
 * account's (logged once, with both ids). A failure is logged once and costs nothing else: the
 * configured accounts alone serve meanwhile.
 */
export function createAccountDirectory(
  configured: ReadonlyMap<string, string>,
  /** `'members'`: Organizations tells which accounts are the organisation's, but names none. */
  fromOrganizations: boolean | 'members',
  log: Logger,
  now: () => number = Date.now,
): AccountDirectory {
  let cached: { at: number; book: AccountBook } | undefined;
  let failedAt: number | undefined;
  let client: OrganizationsClient | undefined;
  const organizations = () => (client ??= new (sdk().OrganizationsClient)({ region: 'us-east-1', maxAttempts: 2 }));
  const units = new Map<string, { at: number; units: string[] }>();
  const unitNames = new Map<string, Promise<string | undefined>>();
  let unitsFailedAt: number | undefined;
  const reported = new Set<string>();
  const alone = configuredBook(configured);
  const book = async (): Promise<AccountBook> => {
    if (!fromOrganizations) return alone;
    if (cached && now() - cached.at < FRESH_MS) return cached.book;
    if (failedAt !== undefined && now() - failedAt < RETRY_MS) return cached?.book ?? alone;
    try {
      const listed = await listAccounts(organizations());
      const { names, clashes } = mergeAccountNames(configured, fromOrganizations === true ? listed : new Map());
      for (const [name, ids] of clashes) {
        const key = `${name}|${ids.join()}`;
        if (reported.has(key)) continue;
        reported.add(key);
        log.warn('an account name is claimed by more than one account; it names none of them', { name, accounts: ids });
      }
      const fresh = { names, members: new Set([...configured.keys(), ...listed.keys()]), clashes };
      cached = { at: now(), book: fresh };
      failedAt = undefined;
      return fresh;
    } catch (err) {
      if (failedAt === undefined)
        log.warn('could not read account names from AWS Organizations; using the configured ones', { error: err });
      failedAt = now();
      return cached?.book ?? alone;
    }
  };
  return {
    book,
    names: async () => (await book()).names,
    async unitsOf(accountId) {
      if (fromOrganizations !== true || !/^\d{12}$/.test(accountId)) return [];
      const known = units.get(accountId);
      if (known && now() - known.at < FRESH_MS) return known.units;
      if (unitsFailedAt !== undefined && now() - unitsFailedAt < RETRY_MS) return known?.units ?? [];
      try {
        const found = await unitsAbove(organizations(), accountId, unitNames);
        units.set(accountId, { at: now(), units: found });
        unitsFailedAt = undefined;
        return found;
      } catch (err) {
        if (unitsFailedAt === undefined)
          log.warn('could not read organisational units from AWS Organizations; rules by ou do not match', {
            account: accountId,
            error: err,
          });
        unitsFailedAt = now();
        return known?.units ?? [];
      }
    },
  };
}
