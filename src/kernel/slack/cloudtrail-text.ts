import { accountText } from '../accounts';
import { regionName } from '../aws/regions';
import type { CloudTrailEvent, Principal } from '../envelopes/cloudtrail';
import { inlineCode } from './format';
import { escapeMrkdwn } from './text';

/** Who made a CloudTrail call, in words, with the root account called out. */
export function whoText(p: Principal): string {
  const who = escapeMrkdwn(p.display);
  if (p.kind === 'root') return ':rotating_light: *the root account*';
  const kind =
    p.kind === 'assumed-role'
      ? 'assumed role'
      : p.kind === 'iam-user'
        ? 'IAM user'
        : p.kind === 'sso-user'
          ? 'SSO user'
          : p.kind.replace('-', ' ');
  return `${who} _(${kind})_`;
}

/** The account and region of a CloudTrail call. */
export function whereText(e: Pick<CloudTrailEvent, 'accountId' | 'accountName' | 'region'>): string {
  const region = e.region
    ? `${inlineCode(e.region)}${regionName(e.region) ? ' · ' + escapeMrkdwn(regionName(e.region) ?? '') : ''}`
    : 'unknown region';
  return `${e.accountName ? accountText(e.accountId, e.accountName) : `account ${inlineCode(e.accountId)}`}\n${region}`;
}
