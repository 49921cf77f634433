import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import {
  headUnits,
  context,
  escapeMrkdwn,
  fieldsSection,
  fitMrkdwn,
  header,
  link,
  notificationText,
  section,
} from '../../kernel/slack/text';
import { optionalText, regionOf, whereText, type AwsEvent } from './event';
import { isoTime, nullish, type Style } from './states';

const vulnerablePackage = z.looseObject({
  name: optionalText,
  version: optionalText,
  fixedInVersion: optionalText,
  filePath: optionalText,
});

const resource = z.looseObject({
  id: optionalText,
  type: optionalText,
  region: optionalText,
  details: nullish(
    z.looseObject({
      awsEc2Instance: nullish(z.looseObject({ instanceType: optionalText })),
      awsEcrContainerImage: nullish(
        z.looseObject({
          repositoryName: optionalText,
          imageTags: nullish(z.array(z.string())),
          imageHash: optionalText,
        }),
      ),
      awsLambdaFunction: nullish(z.looseObject({ functionName: optionalText, runtime: optionalText })),
    }),
  ),
});

const finding = z.looseObject({
  findingArn: z.string(),
  awsAccountId: optionalText,
  title: optionalText,
  description: optionalText,
  severity: z.string(),
  status: optionalText,
  type: optionalText,
  inspectorScore: nullish(z.number()),
  fixAvailable: optionalText,
  updatedAt: optionalText,
  packageVulnerabilityDetails: nullish(
    z.looseObject({ vulnerabilityId: optionalText, vulnerablePackages: nullish(z.array(vulnerablePackage)) }),
  ),
  networkReachabilityDetails: nullish(
    z.looseObject({
      protocol: optionalText,
      openPortRange: nullish(z.looseObject({ begin: nullish(z.number()), end: nullish(z.number()) })),
    }),
  ),
  codeVulnerabilityDetails: nullish(
    z.looseObject({
      detectorName: optionalText,
      filePath: nullish(z.looseObject({ filePath: optionalText, startLine: nullish(z.number()) })),
    }),
  ),
  resources: nullish(z.array(resource)),
});

export type InspectorFinding = z.infer<typeof finding>;

/** An Inspector (v2) finding from its EventBridge event; undefined for anything else. */
export function inspectorFindingFrom(event: AwsEvent): InspectorFinding | undefined {
  if (event.source !== 'aws.inspector2' || event.detailType !== 'Inspector2 Finding') return undefined;
  const parsed = finding.safeParse(event.detail);
  return parsed.success ? parsed.data : undefined;
}

const LEVELS: Readonly<Record<string, Style>> = {
  CRITICAL: { label: 'CRITICAL', color: '#7D1007', emoji: ':rotating_light:' },
  HIGH: { label: 'HIGH', color: '#D13212', emoji: ':red_circle:' },
  MEDIUM: { label: 'MEDIUM', color: '#FF9900', emoji: ':large_orange_circle:' },
  LOW: { label: 'LOW', color: '#1D8102', emoji: ':large_blue_circle:' },
  INFORMATIONAL: { label: 'INFORMATIONAL', color: '#9CA3AF', emoji: ':white_circle:' },
};

/** Inspector's severity label, its colour and emoji; an unknown one (UNTRIAGED…) reads as itself, grey. */
export function inspectorLevel(severity: string): Style {
  return Object.hasOwn(LEVELS, severity)
    ? LEVELS[severity]!
    : { label: headUnits(severity.toUpperCase(), 20) || 'UNKNOWN', color: '#9CA3AF', emoji: ':white_circle:' };
}

/** `PACKAGE_VULNERABILITY` → "Package vulnerability". */
const typeInWords = (type: string) => {
  const w = headUnits(type, 100).toLowerCase().replace(/_+/g, ' ').trim();
  return w.charAt(0).toUpperCase() + w.slice(1);
};

const CVE = /^CVE-\d{4}-\d{4,7}$/;

function resourceOf(r: z.infer<typeof resource>): string {
  const d = r.details;
  if (d?.awsEc2Instance || r.type === 'AWS_EC2_INSTANCE')
    return `EC2 instance ${inlineCode(r.id ?? '?')}${d?.awsEc2Instance?.instanceType ? ` (${escapeMrkdwn(d.awsEc2Instance.instanceType)})` : ''}`;
  const image = d?.awsEcrContainerImage;
  if (image?.repositoryName) {
    const tag = image.imageTags?.[0];
    return `ECR image ${inlineCode(`${image.repositoryName}${tag ? `:${tag}` : ''}`)}`;
  }
  const fn = d?.awsLambdaFunction;
  if (fn?.functionName)
    return `Lambda function ${inlineCode(fn.functionName)}${fn.runtime ? ` (${escapeMrkdwn(fn.runtime)})` : ''}`;
  return `${r.type ? `${escapeMrkdwn(typeInWords(r.type))} ` : ''}${inlineCode(r.id ?? '?')}`;
}

/** What is vulnerable: the packages and the versions that fix them, the open ports, or the code. */
function whatOf(f: InspectorFinding): Array<[string, string]> {
  const packages = f.packageVulnerabilityDetails?.vulnerablePackages ?? [];
  if (packages.length) {
    const lines = packages.slice(0, 5).map((p) => {
      const name = inlineCode(`${p.name ?? p.filePath ?? '?'}${p.version ? ` ${p.version}` : ''}`);
      return `${name} → ${p.fixedInVersion && p.fixedInVersion !== 'NotAvailable' ? `fixed in ${inlineCode(p.fixedInVersion)}` : 'no fix yet'}`;
    });
    if (packages.length > 5) lines.push(`…and ${formatNumber(packages.length - 5)} more`);
    return [[packages.length > 1 ? 'Packages' : 'Package', lines.join('\n')]];
  }
  const net = f.networkReachabilityDetails;
  if (net) {
    const range = net.openPortRange;
    const ports =
      typeof range?.begin === 'number'
        ? `${formatNumber(range.begin)}${typeof range.end === 'number' && range.end !== range.begin ? `–${formatNumber(range.end)}` : ''}`
        : '?';
    return [['Open ports', `${net.protocol ? `${escapeMrkdwn(net.protocol)} ` : ''}${ports}`]];
  }
  const code = f.codeVulnerabilityDetails;
  if (code?.filePath?.filePath)
    return [
      [
        'Code',
        `${inlineCode(code.filePath.filePath)}${typeof code.filePath.startLine === 'number' ? ` line ${formatNumber(code.filePath.startLine)}` : ''}${code.detectorName ? ` · ${escapeMrkdwn(code.detectorName)}` : ''}`,
      ],
    ];
  return [];
}

/**
 * An Inspector finding as a person reads it: the severity and its colour, the title, the
 * vulnerability (a CVE links to NVD) and what fixes it, the resource, the status, where, and a
 * link to Inspector's findings.
 */
export function formatInspectorFinding(f: InspectorFinding, event: AwsEvent): SlackMessage {
  const level = inspectorLevel(f.severity);
  const closed = f.status === 'CLOSED';
  const first = f.resources?.[0];
  const region = regionOf(first?.region, event);
  const title = f.title?.trim() || (f.type ? typeInWords(f.type) : 'finding');
  const cve = f.packageVulnerabilityDetails?.vulnerabilityId;
  const fields: Array<[string, string]> = [
    [
      'Severity',
      `${escapeMrkdwn(level.label)}${typeof f.inspectorScore === 'number' ? ` (score ${formatNumber(f.inspectorScore)})` : ''}`,
    ],
  ];
  if (f.type) fields.push(['Type', escapeMrkdwn(typeInWords(f.type))]);
  if (cve)
    fields.push([
      'Vulnerability',
      CVE.test(cve) ? link(`https://nvd.nist.gov/vuln/detail/${cve}`, cve) : inlineCode(cve),
    ]);
  fields.push(...whatOf(f));
  if (first)
    fields.push([
      'Resource',
      `${resourceOf(first)}${f.resources!.length > 1 ? ` and ${formatNumber(f.resources!.length - 1)} more` : ''}`,
    ]);
  if (f.status) fields.push(['Status', escapeMrkdwn(f.status)]);
  fields.push(['Where', whereText(f.awsAccountId ?? event.account, region, '', event.accountNames)]);
  const at = isoTime(f.updatedAt) ?? (event.time ? formatUtc(event.time) : undefined);
  if (at) fields.push(['Updated', at]);
  const console = region
    ? `https://${region}.console.aws.amazon.com/inspector/v2/home?region=${region}#/findings/all`
    : undefined;
  const description = f.description?.trim();
  const blocks = [
    header(`${level.emoji} Inspector ${level.label}${closed ? ' (closed)' : ''}: ${title}`),
    fieldsSection(fields.slice(0, 10)),
    ...(description ? [section(fitMrkdwn(escapeMrkdwn(description), 1500))] : []),
    context(
      [
        console ? link(console, 'Open Inspector findings') : 'Amazon Inspector',
        `finding ${inlineCode(f.findingArn)}`,
      ].join(' · '),
    ),
  ];
  return {
    text: notificationText(`Inspector ${level.label}: ${title}`),
    attachments: [{ color: closed ? '#2EB67D' : level.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** The thread line of an update of a finding already posted. */
export function inspectorUpdate(f: InspectorFinding): string {
  const at = isoTime(f.updatedAt);
  return `:repeat: Updated: ${escapeMrkdwn(inspectorLevel(f.severity).label)}${f.status ? ` · ${escapeMrkdwn(f.status)}` : ''}${at ? `, at ${at}` : ''}`;
}
