import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { MemberAccess, MemberRole } from './member-access';

/** One client per region, made on first use and kept for the life of the container. */
export function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = make(region);
      clients.set(region, client);
    }
    return client;
  };
}

/**
 * One client per account and region, made on first use: this account's with the function's own
 * credentials, another's with the member role's (see member-access.ts). The account is optional:
 * without one, this account.
 */
export function perAccountRegion<T>(
  access: MemberAccess,
  role: MemberRole,
  make: (region: string, credentials: AwsCredentialIdentityProvider | undefined) => T,
): (region: string, accountId?: string) => Promise<T> {
  const clients = new Map<string, T>();
  return async (region, accountId) => {
    const credentials = await access.credentialsFor(accountId, role);
    // Another account's credentials are a session named for the person acting: theirs alone.
    const key = credentials ? `${accountId}|${access.actor?.() ?? ''}|${region}` : `own|${region}`;
    let client = clients.get(key);
    if (!client) {
      client = make(region, credentials);
      clients.set(key, client);
    }
    return client;
  };
}

/** This account and region only, whatever the place: a deployment with no organisation, and tests. */
export const ownClient =
  <T>(client: T) =>
  async (): Promise<T> =>
    client;

/**
 * A port's clients by place and role: the read role for looking, the operator role for changing
 * (member.yaml), each made once per account and region. The function's own account and region
 * share one client.
 */
export function clientsByPlace<T>(
  access: MemberAccess,
  ownRegion: string,
  make: (region: string | undefined, credentials: AwsCredentialIdentityProvider | undefined) => T,
): (at: { accountId?: string; region?: string }, role: MemberRole) => Promise<T> {
  let own: T | undefined;
  const build = (region: string, credentials: AwsCredentialIdentityProvider | undefined) =>
    region === ownRegion && !credentials ? (own ??= make(undefined, undefined)) : make(region, credentials);
  const byRole = {
    read: perAccountRegion(access, 'read', build),
    operator: perAccountRegion(access, 'operator', build),
  };
  return (at, role) => byRole[role](at.region ?? ownRegion, at.accountId);
}
