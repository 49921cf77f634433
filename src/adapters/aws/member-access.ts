import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ActionError } from '../../kernel/errors';

/** Which member role a call needs: reads, or the few changes Lamplighter makes (member.yaml). */
export type MemberRole = 'read' | 'operator';

export interface MemberSettings {
  /** The shared secret member.yaml's roles require (MEMBER_EXTERNAL_ID); empty: one account only. */
  externalId: string;
  readRoleName: string;
  operatorRoleName: string;
  partition?: string;
}

/** What a client for an account needs: nothing for this account, an assumed role's credentials for another. */
export interface MemberAccess {
  /** Whether other accounts can be reached at all (an external id is set). */
  readonly enabled: boolean;
  credentialsFor(accountId: string | undefined, role: MemberRole): Promise<AwsCredentialIdentityProvider | undefined>;
  /** This account's id (STS GetCallerIdentity, asked once); undefined where it cannot be told. */
  ownAccount?(): Promise<string | undefined>;
}

/** Credentials are renewed this long before they expire. */
const RENEW_MS = 5 * 60_000;

/** Member settings from the environment the template sets; undefined when no organisation is set up. */
export function memberSettingsFrom(env: Readonly<Record<string, string | undefined>>): MemberSettings | undefined {
  const externalId = env.MEMBER_EXTERNAL_ID?.trim();
  if (!externalId) return undefined;
  return {
    externalId,
    readRoleName: env.MEMBER_READ_ROLE_NAME?.trim() || 'lamplighter-read',
    operatorRoleName: env.MEMBER_OPERATOR_ROLE_NAME?.trim() || 'lamplighter-operator',
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
const sts = () => require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');

/**
 * Acting in another account of the organisation: STS AssumeRole into member.yaml's role there,
 * with the external id, credentials cached per account and role until shortly before they
 * expire. This account (STS GetCallerIdentity, asked once) and a deployment with no external id
 * use the function's own credentials. A role that cannot be assumed is answered plainly.
 */
export function createMemberAccess(settings: MemberSettings | undefined, now: () => number = Date.now): MemberAccess {
  let client: STSClient | undefined;
  const stsClient = () => (client ??= new (sts().STSClient)({ maxAttempts: 3 }));
  let own: Promise<string | undefined> | undefined;
  const ownAccount = () =>
    (own ??= stsClient()
      .send(new (sts().GetCallerIdentityCommand)({}))
      .then((r) => r.Account)
      .catch(() => {
        own = undefined; // asked again next time
        return undefined;
      }));
  const providers = new Map<string, AwsCredentialIdentityProvider>();

  const providerFor = (accountId: string, role: MemberRole, s: MemberSettings): AwsCredentialIdentityProvider => {
    const roleName = role === 'read' ? s.readRoleName : s.operatorRoleName;
    const roleArn = `arn:${s.partition ?? 'aws'}:iam::${accountId}:role/${roleName}`;
    let cached: AwsCredentialIdentity | undefined;
    return async () => {
      if (cached?.expiration && cached.expiration.getTime() - RENEW_MS > now()) return cached;
      try {
        const res = await stsClient().send(
          new (sts().AssumeRoleCommand)({
            RoleArn: roleArn,
            RoleSessionName: 'lamplighter',
            ExternalId: s.externalId,
            DurationSeconds: 900,
          }),
        );
        const c = res.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
        cached = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: c.Expiration } : {}),
        };
        return cached;
      } catch (err) {
        throw new ActionError(
          'access_denied',
          `Lamplighter cannot act in account ${accountId}: it may not assume ${roleName} there. Deploy member.yaml in that account (README: Many accounts).`,
          { cause: err },
        );
      }
    };
  };

  return {
    enabled: settings !== undefined,
    ownAccount,
    async credentialsFor(accountId, role) {
      if (!settings || !accountId || !/^\d{12}$/.test(accountId)) return undefined;
      if (accountId === (await ownAccount())) return undefined;
      const key = `${accountId}|${role}`;
      let provider = providers.get(key);
      if (!provider) providers.set(key, (provider = providerFor(accountId, role, settings)));
      return provider;
    },
  };
}
