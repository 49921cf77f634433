import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AccountDirectory, AccountNames } from '../../kernel/accounts';
import type { Logger } from '../../kernel/log';

/** Names change rarely: the organisation's list is read at most once an hour per container. */
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

/**
 * The account names: the configured map (LAMPLIGHTER_ACCOUNTS) wins; with `fromOrganizations`,
 * AWS Organizations fills in the rest, cached. A failure is logged once and costs nothing else.
 */
export function createAccountDirectory(
  configured: ReadonlyMap<string, string>,
  fromOrganizations: boolean,
  log: Logger,
  now: () => number = Date.now,
): AccountDirectory {
  let cached: { at: number; names: AccountNames } | undefined;
  let failedAt: number | undefined;
  let client: OrganizationsClient | undefined;
  return {
    async names() {
      if (!fromOrganizations) return configured;
      if (cached && now() - cached.at < FRESH_MS) return cached.names;
      if (failedAt !== undefined && now() - failedAt < RETRY_MS) return cached?.names ?? configured;
      try {
        client ??= new (sdk().OrganizationsClient)({ region: 'us-east-1', maxAttempts: 2 });
        const names = await listAccounts(client);
        for (const [id, name] of configured) names.set(id, name);
        cached = { at: now(), names };
        failedAt = undefined;
        return names;
      } catch (err) {
        if (failedAt === undefined)
          log.warn('could not read account names from AWS Organizations; using the configured ones', { error: err });
        failedAt = now();
        return cached?.names ?? configured;
      }
    },
  };
}
