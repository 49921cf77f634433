import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, inlineCode } from '../../kernel/slack/format';
import {
  context,
  escapeMrkdwn,
  fieldsSection,
  fitMrkdwn,
  header,
  link,
  notificationText,
  section,
} from '../../kernel/slack/text';
import { eventTime, optionalText, regionOf, whereText, words, type AwsEvent } from './event';

const finding = z.looseObject({
  id: z.string(),
  type: z.string(),
  title: optionalText,
  description: optionalText,
  severity: z.number(),
  accountId: z.optional(z.union([z.string(), z.number()])),
  region: optionalText,
  partition: optionalText,
  updatedAt: optionalText,
  resource: z.optional(
    z.looseObject({
      resourceType: optionalText,
      instanceDetails: z.optional(z.nullish(z.looseObject({ instanceId: optionalText }))),
      accessKeyDetails: z.optional(z.nullish(z.looseObject({ accessKeyId: optionalText, userName: optionalText }))),
      s3BucketDetails: z.optional(z.nullish(z.array(z.looseObject({ name: optionalText })))),
      eksClusterDetails: z.optional(z.nullish(z.looseObject({ name: optionalText }))),
      ecsClusterDetails: z.optional(z.nullish(z.looseObject({ name: optionalText }))),
      rdsDbInstanceDetails: z.optional(z.nullish(z.looseObject({ dbInstanceIdentifier: optionalText }))),
      lambdaDetails: z.optional(z.nullish(z.looseObject({ functionName: optionalText }))),
    }),
  ),
  service: z.optional(
    z.looseObject({
      eventFirstSeen: optionalText,
      eventLastSeen: optionalText,
      count: z.optional(z.nullish(z.number())),
      archived: z.optional(z.nullish(z.boolean())),
    }),
  ),
});

export type GuardDutyFinding = z.infer<typeof finding>;

export function guardDutyFindingFrom(event: AwsEvent): GuardDutyFinding | undefined {
  if (event.source !== undefined && event.source !== 'aws.guardduty') return undefined;
  if (event.detailType !== 'GuardDuty Finding') return undefined;
  const parsed = finding.safeParse(event.detail);
  return parsed.success ? parsed.data : undefined;
}

/** GuardDuty's levels (its console's): Low 1–3.9, Medium 4–6.9, High 7–8.9, Critical 9–10. */
export function guardDutyLevel(severity: number): { label: string; color: string; emoji: string } {
  if (severity >= 9) return { label: 'CRITICAL', color: '#7D1007', emoji: ':rotating_light:' };
  if (severity >= 7) return { label: 'HIGH', color: '#D13212', emoji: ':red_circle:' };
  if (severity >= 4) return { label: 'MEDIUM', color: '#FF9900', emoji: ':large_orange_circle:' };
  return { label: 'LOW', color: '#1D8102', emoji: ':large_blue_circle:' };
}

/** `Recon:EC2/PortProbeUnprotectedPort!DNS` → "Recon on EC2: port probe unprotected port (DNS)". */
export function findingTypeInWords(type: string): string {
  const m = /^([A-Za-z]{1,60}):([A-Za-z0-9]{1,60})\/([A-Za-z0-9.]{1,200})(?:!([A-Za-z0-9]{1,60}))?$/.exec(type.trim());
  if (!m) return type;
  const [, purpose, resource, name, artifact] = m;
  const lowerFirst = (w: string) => (/^[A-Z0-9]{2,}\b/.test(w) ? w : w.charAt(0).toLowerCase() + w.slice(1));
  // `InstanceCredentialExfiltration.OutsideAWS` → "instance credential exfiltration, outside AWS".
  const what = name!
    .split('.')
    .map((part) => words(part))
    .filter(Boolean)
    .map(lowerFirst)
    .join(', ');
  return `${words(purpose!)} on ${resource}: ${what || name}${artifact ? ` (${artifact})` : ''}`;
}

function resourceOf(f: GuardDutyFinding): string | undefined {
  const r = f.resource;
  if (!r) return undefined;
  const key = r.accessKeyDetails;
  if (r.instanceDetails?.instanceId) return `EC2 instance ${inlineCode(r.instanceDetails.instanceId)}`;
  if (key?.accessKeyId || key?.userName)
    return `access key ${inlineCode(key.accessKeyId ?? '?')}${key.userName ? ` of ${inlineCode(key.userName)}` : ''}`;
  const buckets = (r.s3BucketDetails ?? []).map((b) => b.name).filter((n): n is string => !!n);
  if (buckets.length) return `S3 bucket${buckets.length > 1 ? 's' : ''} ${buckets.map(inlineCode).join(', ')}`;
  if (r.eksClusterDetails?.name) return `EKS cluster ${inlineCode(r.eksClusterDetails.name)}`;
  if (r.ecsClusterDetails?.name) return `ECS cluster ${inlineCode(r.ecsClusterDetails.name)}`;
  if (r.rdsDbInstanceDetails?.dbInstanceIdentifier)
    return `RDS instance ${inlineCode(r.rdsDbInstanceDetails.dbInstanceIdentifier)}`;
  if (r.lambdaDetails?.functionName) return `Lambda function ${inlineCode(r.lambdaDetails.functionName)}`;
  return r.resourceType ? escapeMrkdwn(r.resourceType) : undefined;
}

/**
 * A GuardDuty finding as a person reads it: the level and its colour, the finding in words,
 * the resource, where, first and last seen, how many times, and a link to it in the console.
 */
export function formatGuardDutyFinding(f: GuardDutyFinding, event: AwsEvent): SlackMessage {
  const level = guardDutyLevel(f.severity);
  const region = regionOf(f.region, event);
  const title = f.title?.trim() || findingTypeInWords(f.type);
  const account = f.accountId !== undefined ? String(f.accountId) : event.account;
  const fields: Array<[string, string]> = [
    ['Severity', `${level.label} (${formatNumber(f.severity)})`],
    ['Finding', escapeMrkdwn(findingTypeInWords(f.type))],
  ];
  const resource = resourceOf(f);
  if (resource) fields.push(['Resource', resource]);
  fields.push(['Where', whereText(account, region, '', event.accountNames)]);
  const first = eventTime(f.service?.eventFirstSeen);
  const last = eventTime(f.service?.eventLastSeen);
  if (first) fields.push(['First seen', first]);
  if (last) fields.push(['Last seen', last]);
  if (typeof f.service?.count === 'number') fields.push(['Count', formatNumber(f.service.count)]);
  const console = region
    ? `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?macros=current&fId=${encodeURIComponent(f.id)}`
    : undefined;
  const blocks = [
    header(`${level.emoji} GuardDuty ${level.label}: ${title}`),
    fieldsSection(fields),
    ...(f.description?.trim()
      ? [
          section(
            fitMrkdwn(
              escapeMrkdwn(f.description.trim()),
              1500,
              console ? link(console, 'the finding in the console') : undefined,
            ),
          ),
        ]
      : []),
    context(
      [
        console ? link(console, 'Open the finding in GuardDuty') : '',
        `finding ${inlineCode(f.id)}`,
        f.service?.archived ? 'archived' : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
  return {
    text: notificationText(`GuardDuty ${level.label}: ${title}`),
    attachments: [{ color: level.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
