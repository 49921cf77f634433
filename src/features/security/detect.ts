import { asText, own } from '../../kernel/schema';
import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';

export type SecurityKind =
  'root-sign-in' | 'root-sign-in-failed' | 'root-activity' | 'sign-in-without-mfa' | 'trail-tampering';

export interface SecurityFinding {
  kind: SecurityKind;
  /** Short and plain: "Root account signed in without MFA". */
  title: string;
}

const TRAIL_CHANGES: Readonly<Record<string, string>> = {
  StopLogging: 'CloudTrail logging was stopped',
  DeleteTrail: 'A CloudTrail trail was deleted',
  UpdateTrail: 'A CloudTrail trail was changed',
};

/** What the security watch says about an event, or undefined when it has nothing to say. */
export function securityFinding(e: CloudTrailEvent): SecurityFinding | undefined {
  const trailChange = own(TRAIL_CHANGES, e.eventName);
  if (e.service === 'cloudtrail' && trailChange && !e.errorCode) {
    return {
      kind: 'trail-tampering',
      title: `${trailChange}${e.requestParameters.name ? `: ${asText(e.requestParameters.name)}` : ''}`,
    };
  }
  if (e.eventName === 'ConsoleLogin') {
    const result = e.responseElements.ConsoleLogin;
    const noMfa = e.additionalEventData.MFAUsed === 'No';
    if (e.principal.kind === 'root') {
      if (result === 'Failure') return { kind: 'root-sign-in-failed', title: 'Failed sign-in to the root account' };
      return { kind: 'root-sign-in', title: noMfa ? 'Root account signed in without MFA' : 'Root account signed in' };
    }
    if (result === 'Success' && noMfa && e.principal.kind === 'iam-user') {
      return { kind: 'sign-in-without-mfa', title: `${e.principal.display} signed in to the console without MFA` };
    }
    return undefined;
  }
  // Root is flagged whether or not the call worked: a refused StopLogging is still root at work.
  if (e.principal.kind === 'root')
    return {
      kind: 'root-activity',
      title: e.errorCode
        ? `The root account tried ${e.eventName} (refused: ${asText(e.errorCode, 100)})`
        : `The root account called ${e.eventName}`,
    };
  return undefined;
}
