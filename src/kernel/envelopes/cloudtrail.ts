import * as z from 'zod/mini';
import { eventBridgeEnvelope } from './eventbridge';
import { parseAwsTime } from '../aws/time';
import { isRegionCode } from '../aws/regions';
import { optionalString } from '../schema';

export type PrincipalKind =
  'root' | 'iam-user' | 'assumed-role' | 'sso-user' | 'federated-user' | 'aws-service' | 'unknown';

/** Who made the call, in the words a person would use. */
export interface Principal {
  kind: PrincipalKind;
  /** "alice", "deploy-role (session ci-4711)", "alice@example.com (SSO, AdministratorAccess)", "the root account". */
  display: string;
  arn?: string;
  accountId?: string;
  /** For roles: the session name, which is usually the human or job behind it. */
  sessionName?: string;
  mfaAuthenticated?: boolean;
  invokedBy?: string;
}

/** One CloudTrail management event, from a trail record or an EventBridge "via CloudTrail" event. */
export interface CloudTrailEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  /** "redshift" for redshift.amazonaws.com: the key of the watchlist. */
  service: string;
  eventTime?: Date;
  region?: string;
  accountId: string;
  /** The account's name, where one is known (looked up where the event arrived). */
  accountName?: string;
  principal: Principal;
  sourceIp?: string;
  userAgent?: string;
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown>;
  additionalEventData: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
}

const record = z.pipe(
  z.optional(z.unknown()),
  z.transform((v): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
  ),
);

const identitySchema = z.looseObject({
  type: optionalString,
  principalId: optionalString,
  arn: optionalString,
  accountId: optionalString,
  userName: optionalString,
  invokedBy: optionalString,
  sessionContext: z.optional(
    z.nullish(
      z.looseObject({
        attributes: z.nullish(z.looseObject({ mfaAuthenticated: optionalString })),
        sessionIssuer: z.nullish(
          z.looseObject({ type: optionalString, arn: optionalString, userName: optionalString }),
        ),
      }),
    ),
  ),
  onBehalfOf: z.optional(z.nullish(z.looseObject({ userId: optionalString }))),
});

const recordSchema = z.looseObject({
  eventID: optionalString,
  eventName: z.string().check(z.minLength(1)),
  eventSource: z.string().check(z.minLength(1)),
  eventTime: optionalString,
  awsRegion: optionalString,
  recipientAccountId: optionalString,
  sourceIPAddress: optionalString,
  userAgent: optionalString,
  // A record that names no identity is still the call it records: its caller reads as unknown.
  userIdentity: z.optional(z.nullish(identitySchema)),
  requestParameters: record,
  responseElements: record,
  additionalEventData: record,
  errorCode: optionalString,
  errorMessage: optionalString,
});

type Identity = z.infer<typeof identitySchema>;

const NO_IDENTITY: Identity = {
  type: undefined,
  principalId: undefined,
  arn: undefined,
  accountId: undefined,
  userName: undefined,
  invokedBy: undefined,
};

function describePrincipal(identity: Identity): Principal {
  const mfa = identity.sessionContext?.attributes?.mfaAuthenticated;
  const base = {
    arn: identity.arn,
    accountId: identity.accountId,
    mfaAuthenticated: mfa === undefined ? undefined : mfa === 'true',
    invokedBy: identity.invokedBy,
  };
  switch (identity.type) {
    case 'Root':
      return { ...base, kind: 'root', display: 'the root account' };
    case 'IAMUser':
      return {
        ...base,
        kind: 'iam-user',
        display: identity.userName ?? identity.arn?.split('/').pop() ?? 'an IAM user',
      };
    case 'AssumedRole': {
      // arn:aws:sts::111122223333:assumed-role/ROLE/SESSION
      const [role, session] = assumedRoleParts(identity.arn ?? '');
      const roleName = identity.sessionContext?.sessionIssuer?.userName ?? role ?? 'a role';
      if (roleName.startsWith('AWSReservedSSO_') && session) {
        const permissionSet = roleName.replace(/^AWSReservedSSO_/, '').replace(/_[0-9a-f]{16}$/, '');
        return { ...base, kind: 'sso-user', sessionName: session, display: `${session} (SSO, ${permissionSet})` };
      }
      return {
        ...base,
        kind: 'assumed-role',
        sessionName: session,
        display: session ? `${roleName} (session ${session})` : roleName,
      };
    }
    case 'IdentityCenterUser':
      return {
        ...base,
        kind: 'sso-user',
        display: identity.onBehalfOf?.userId
          ? `Identity Center user ${identity.onBehalfOf.userId}`
          : 'an Identity Center user',
      };
    case 'FederatedUser':
      return {
        ...base,
        kind: 'federated-user',
        display: identity.arn?.split('/').pop() ?? identity.userName ?? 'a federated user',
      };
    case 'AWSService':
      return { ...base, kind: 'aws-service', display: identity.invokedBy ?? 'an AWS service' };
    default:
      // No ARN (a failed sign-in of an unknown user, say): the name it gave, else its principal id.
      return {
        ...base,
        kind: 'unknown',
        display: identity.arn ?? identity.userName ?? identity.principalId ?? 'someone unknown',
      };
  }
}

/**
 * Parses a CloudTrail record, e.g. `{"eventSource":"dynamodb.amazonaws.com","eventName":"CreateTable",…}`,
 * bare or inside an EventBridge "AWS API Call via CloudTrail" / "AWS Console Sign In via CloudTrail" event.
 */
export function parseCloudTrailEvent(json: unknown): CloudTrailEvent | undefined {
  const envelope = eventBridgeEnvelope.safeParse(json);
  const isEnvelope = envelope.success && /via CloudTrail$/.test(envelope.data['detail-type']);
  const parsed = recordSchema.safeParse(isEnvelope && envelope.success ? envelope.data.detail : json);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  const region =
    r.awsRegion && isRegionCode(r.awsRegion)
      ? r.awsRegion
      : envelope.success && envelope.data.region && isRegionCode(envelope.data.region)
        ? envelope.data.region
        : undefined;
  // EventBridge stamps `account` with the account that really sent the event; the detail is the
  // sender's to write (PutEvents), so a claim there of another account is never believed. A bare
  // record has no envelope: it reaches us only from this account's own rules and principals.
  const accountId =
    (isEnvelope && envelope.success ? envelope.data.account : undefined) ??
    r.recipientAccountId ??
    r.userIdentity?.accountId ??
    'unknown';
  return {
    eventId:
      r.eventID ??
      (envelope.success ? envelope.data.id : undefined) ??
      `${r.eventSource}:${r.eventName}:${r.eventTime ?? ''}`,
    eventName: r.eventName,
    eventSource: r.eventSource,
    service: r.eventSource.replace(/\.amazonaws\.com$/, ''),
    eventTime: parseAwsTime(r.eventTime),
    region,
    accountId,
    principal: describePrincipal(r.userIdentity ?? NO_IDENTITY),
    sourceIp: r.sourceIPAddress,
    userAgent: r.userAgent,
    requestParameters: r.requestParameters,
    responseElements: r.responseElements,
    additionalEventData: r.additionalEventData,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
  };
}

/** ROLE and SESSION of `…:assumed-role/ROLE/SESSION`, by index: no pattern to backtrack over an attacker's ARN. */
function assumedRoleParts(arn: string): [role?: string, session?: string] {
  const at = arn.indexOf('assumed-role/');
  if (at < 0) return [];
  const rest = arn.slice(at + 'assumed-role/'.length);
  const slash = rest.indexOf('/');
  const session = rest.slice(slash + 1).split('\n')[0];
  return slash > 0 && session ? [rest.slice(0, slash), session] : [];
}
