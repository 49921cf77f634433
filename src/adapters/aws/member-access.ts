import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ActionError } from '../../kernel/errors';
import { readSecretString } from './secrets';

/** Which member role a call needs: reads, or the few changes Lamplighter makes (member.yaml). */
export type MemberRole = 'read' | 'operator';

export interface MemberSettings {
  /**
   * The shared secret member.yaml's roles require: from Secrets Manager
   * (MEMBER_EXTERNAL_ID_SECRET_ARN, read once, when a member role is first assumed), or given
   * (MEMBER_EXTERNAL_ID, for `serve` and the sandbox). Never in a deployed function's environment.
   */
  externalId: () => Promise<string>;
  readRoleName: string;
  operatorRoleName: string;
  partition?: string;
}

/** What a client for an account needs: nothing for this account, an assumed role's credentials for another. */
export interface MemberAccess {
  /** Whether other accounts can be reached at all (an external id is set). */
  readonly enabled: boolean;
  /** For the person `actingFor` names, where one is acting (the session is named for them). */
  credentialsFor(accountId: string | undefined, role: MemberRole): Promise<AwsCredentialIdentityProvider | undefined>;
  /** This account's id (STS GetCallerIdentity, asked once); undefined where it cannot be told. */
  ownAccount?(): Promise<string | undefined>;
  /**
   * Runs `work` on behalf of a Slack user: the member roles it assumes are sessions named for them
   * (`lamplighter-U123ABC`) with them as the source identity, so a member account's CloudTrail
   * ties each call to a person.
   */
  actingFor?<T>(user: string, work: () => Promise<T>): Promise<T>;
  /** Who is acting now (see `actingFor`), if anyone: clients made for one person are not another's. */
  actor?(): string | undefined;
}

export interface MemberAccessOptions {
  /** The session name where no person acts: `lamplighter-notifier`, `lamplighter-sweeper`… */
  sessionName?: string;
  now?: () => number;
}

/** Credentials are renewed this long before they expire. */
const RENEW_MS = 5 * 60_000;

/** STS's alphabet for session names and source identities, 2 to 64 characters. */
function stsName(value: string, max = 64): string {
  const clean = value.replace(/[^\w+=,.@-]/g, '_').slice(0, max);
  return clean.length >= 2 ? clean : `${clean}__`.slice(0, 2);
}

/**
 * Member settings from the environment the template sets; undefined when no organisation is set
 * up. `readSecret` reads the external id's secret (Secrets Manager), on first use only.
 */
export function memberSettingsFrom(
  env: Readonly<Record<string, string | undefined>>,
  readSecret: (secretId: string) => Promise<string> = readSecretString,
): MemberSettings | undefined {
  const secretArn = env.MEMBER_EXTERNAL_ID_SECRET_ARN?.trim();
  const plain = env.MEMBER_EXTERNAL_ID?.trim();
  if (!secretArn && !plain) return undefined;
  let read: Promise<string> | undefined;
  const externalId = secretArn
    ? () =>
        (read ??= readSecret(secretArn).catch((err: unknown) => {
          read = undefined; // read again next time
          throw err;
        }))
    : async () => plain as string;
  return {
    externalId,
    readRoleName: env.MEMBER_READ_ROLE_NAME?.trim() || 'lamplighter-read',
    operatorRoleName: env.MEMBER_OPERATOR_ROLE_NAME?.trim() || 'lamplighter-operator',
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
const sts = () => require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- node's own; kept beside the other lazy loads
const asyncHooks = () => require('node:async_hooks') as typeof import('node:async_hooks');

/**
 * Acting in another account of the organisation: STS AssumeRole into member.yaml's role there,
 * with the external id, credentials cached per account, role and person until shortly before
 * they expire. This account (STS GetCallerIdentity, asked once) and a deployment with no external
 * id use the function's own credentials. A role that cannot be assumed is answered plainly.
 */
export function createMemberAccess(
  settings: MemberSettings | undefined,
  options: MemberAccessOptions = {},
): MemberAccess {
  const now = options.now ?? Date.now;
  const automated = stsName(options.sessionName ?? 'lamplighter');
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
  const acting = new (asyncHooks().AsyncLocalStorage)<string>();

  const providerFor = (
    accountId: string,
    role: MemberRole,
    s: MemberSettings,
    user: string | undefined,
  ): AwsCredentialIdentityProvider => {
    const roleName = role === 'read' ? s.readRoleName : s.operatorRoleName;
    const roleArn = `arn:${s.partition ?? 'aws'}:iam::${accountId}:role/${roleName}`;
    let cached: AwsCredentialIdentity | undefined;
    return async () => {
      if (cached?.expiration && cached.expiration.getTime() - RENEW_MS > now()) return cached;
      let externalId: string;
      try {
        externalId = await s.externalId();
      } catch (err) {
        throw new ActionError(
          'failed',
          'Lamplighter cannot read the external id of its member roles from Secrets Manager (MEMBER_EXTERNAL_ID_SECRET_ARN).',
          { cause: err },
        );
      }
      try {
        const res = await stsClient().send(
          new (sts().AssumeRoleCommand)({
            RoleArn: roleArn,
            // A person's session is theirs in the member account's CloudTrail; member.yaml's trust
            // allows sts:SetSourceIdentity for the central roles.
            RoleSessionName: user ? stsName(`lamplighter-${user}`) : automated,
            ...(user ? { SourceIdentity: stsName(user) } : {}),
            ExternalId: externalId,
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
          `Lamplighter cannot act in account ${accountId}: it may not assume ${roleName} there. Deploy member.yaml in that account (docs/organisations.md).`,
          { cause: err },
        );
      }
    };
  };

  return {
    enabled: settings !== undefined,
    ownAccount,
    actingFor: (user, work) => acting.run(user, work),
    actor: () => acting.getStore(),
    async credentialsFor(accountId, role) {
      if (!settings || !accountId || !/^\d{12}$/.test(accountId)) return undefined;
      if (accountId === (await ownAccount())) return undefined;
      const user = acting.getStore();
      const key = `${accountId}|${role}|${user ?? ''}`;
      let provider = providers.get(key);
      if (!provider) providers.set(key, (provider = providerFor(accountId, role, settings, user)));
      return provider;
    },
  };
}
