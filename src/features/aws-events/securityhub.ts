import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { inlineCode } from '../../kernel/slack/format';
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
import { eventTime, optionalText, regionOf, whereText, type AwsEvent } from './event';

const asffFinding = z.looseObject({
  // Some products' findings (and trimmed copies of them) carry no Id: the finding is still shown.
  Id: optionalText,
  // Read field by field below: a malformed map must not cost the finding its message.
  ProductFields: z.optional(z.unknown()),
  ProductName: optionalText,
  CompanyName: optionalText,
  AwsAccountId: optionalText,
  Region: optionalText,
  Title: optionalText,
  Description: optionalText,
  Severity: z.optional(
    z.nullish(z.looseObject({ Label: optionalText, Normalized: z.optional(z.nullish(z.number())) })),
  ),
  Resources: z.optional(z.nullish(z.array(z.looseObject({ Type: optionalText, Id: optionalText })))),
  Compliance: z.optional(z.nullish(z.looseObject({ Status: optionalText }))),
  Workflow: z.optional(z.nullish(z.looseObject({ Status: optionalText }))),
  RecordState: optionalText,
  LastObservedAt: optionalText,
  UpdatedAt: optionalText,
  Remediation: z.optional(
    z.nullish(z.looseObject({ Recommendation: z.optional(z.nullish(z.looseObject({ Url: optionalText }))) })),
  ),
});

export type AsffFinding = z.infer<typeof asffFinding>;

/** A product field Security Hub adds (`aws/securityhub/FindingId`, `…/ProductName`), when a string. */
function productField(f: AsffFinding, name: string): string | undefined {
  const fields = f.ProductFields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  const value = (fields as Record<string, unknown>)[`aws/securityhub/${name}`];
  return typeof value === 'string' && value ? value : undefined;
}

/** The finding's id: its `Id`, else the one Security Hub noted among its product fields. */
export const findingId = (f: AsffFinding): string | undefined => f.Id ?? productField(f, 'FindingId');

export function securityHubFindingsFrom(event: AwsEvent): AsffFinding[] | undefined {
  if (event.source !== undefined && event.source !== 'aws.securityhub') return undefined;
  if (!event.detailType.startsWith('Security Hub Findings')) return undefined;
  const parsed = z.looseObject({ findings: z.array(z.unknown()) }).safeParse(event.detail);
  if (!parsed.success) return undefined;
  const findings = parsed.data.findings.flatMap((f) => {
    const one = asffFinding.safeParse(f);
    return one.success ? [one.data] : [];
  });
  return findings.length ? findings : undefined;
}

const LEVELS: Readonly<Record<string, { color: string; emoji: string }>> = {
  CRITICAL: { color: '#7D1007', emoji: ':rotating_light:' },
  HIGH: { color: '#D13212', emoji: ':red_circle:' },
  MEDIUM: { color: '#FF9900', emoji: ':large_orange_circle:' },
  LOW: { color: '#1D8102', emoji: ':large_blue_circle:' },
  INFORMATIONAL: { color: '#9CA3AF', emoji: ':white_circle:' },
};

/** The ASFF label, or the one its normalized score stands for (as Security Hub maps them). */
export function severityLabel(f: AsffFinding): string {
  const label = f.Severity?.Label?.toUpperCase();
  if (label && Object.hasOwn(LEVELS, label)) return label;
  const n = f.Severity?.Normalized;
  if (typeof n !== 'number') return 'INFORMATIONAL';
  return n >= 90 ? 'CRITICAL' : n >= 70 ? 'HIGH' : n >= 40 ? 'MEDIUM' : n >= 1 ? 'LOW' : 'INFORMATIONAL';
}

const ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const MAX_LISTED = 10;

const resourcesOf = (f: AsffFinding) =>
  (f.Resources ?? [])
    .filter((r) => r.Id)
    .slice(0, 3)
    .map((r) => `${r.Type ? `${escapeMrkdwn(r.Type)} ` : ''}${inlineCode(r.Id!)}`)
    .join(', ');

function consoleUrl(region: string | undefined, id: string): string | undefined {
  if (!region) return undefined;
  const filter = encodeURIComponent(`Id=\\operator\\:EQUALS\\:${id}`);
  return `https://${region}.console.aws.amazon.com/securityhub/home?region=${region}#/findings?search=${filter}`;
}

/**
 * Security Hub findings (ASFF, from any product): the severity label, the title, the resources,
 * compliance and workflow state. One finding is a message of its own; several (an import of
 * many) are one message listing the most severe first.
 */
export function formatSecurityHubFindings(findings: AsffFinding[], event: AwsEvent): SlackMessage {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(severityLabel(a)) - ORDER.indexOf(severityLabel(b)));
  const top = sorted[0]!;
  const label = severityLabel(top);
  const style = LEVELS[label]!;
  const region = regionOf(top.Region, event);
  const account = top.AwsAccountId ?? event.account;
  const product =
    [top.CompanyName ?? productField(top, 'CompanyName'), top.ProductName ?? productField(top, 'ProductName')]
      .filter(Boolean)
      .join(' ') || 'Security Hub';
  const title = top.Title?.trim() || 'Security Hub finding';
  const blocks = [];
  if (findings.length === 1) {
    const fields: Array<[string, string]> = [['Severity', label]];
    const resources = resourcesOf(top);
    if (resources) fields.push(['Resources', resources]);
    if (top.Compliance?.Status) fields.push(['Compliance', escapeMrkdwn(top.Compliance.Status)]);
    const workflow = [top.Workflow?.Status, top.RecordState].filter(Boolean).join(' · ');
    if (workflow) fields.push(['Workflow', escapeMrkdwn(workflow)]);
    fields.push(['Where', whereText(account, region, '', event.accountNames)]);
    const seen = eventTime(top.LastObservedAt ?? top.UpdatedAt);
    if (seen) fields.push(['Last observed', seen]);
    blocks.push(header(`${style.emoji} Security Hub ${label}: ${title}`), fieldsSection(fields));
    if (top.Description?.trim()) blocks.push(section(fitMrkdwn(escapeMrkdwn(top.Description.trim()), 1500)));
  } else {
    const lines = sorted.slice(0, MAX_LISTED).map((f) => {
      const l = severityLabel(f);
      const resources = resourcesOf(f);
      return `${LEVELS[l]!.emoji} *${l}* ${escapeMrkdwn(f.Title?.trim() || findingId(f) || 'untitled finding')}${resources ? ` · ${resources}` : ''}${f.Compliance?.Status ? ` · ${escapeMrkdwn(f.Compliance.Status)}` : ''}`;
    });
    if (sorted.length > MAX_LISTED) lines.push(`…and ${sorted.length - MAX_LISTED} more`);
    blocks.push(
      header(`${style.emoji} Security Hub: ${findings.length} findings, the worst ${label}`),
      section(lines.join('\n')),
    );
  }
  const id = findingId(top);
  const url = id ? consoleUrl(region, id) : undefined;
  const remediation = top.Remediation?.Recommendation?.Url;
  const links = [
    url ? link(url, findings.length === 1 ? 'Open the finding in Security Hub' : 'Open the worst in Security Hub') : '',
    remediation && awsDocsUrl(remediation) && findings.length === 1 ? link(remediation, 'Remediation') : '',
    `from ${escapeMrkdwn(product)}`,
  ].filter(Boolean);
  blocks.push(context(links.join(' · ')));
  return {
    text: notificationText(
      findings.length === 1
        ? `Security Hub ${label}: ${title}`
        : `Security Hub: ${findings.length} findings, the worst ${label}`,
    ),
    attachments: [{ color: style.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A remediation link is shown only when it points at AWS's own pages: any product may set it. */
function awsDocsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' && (url.hostname === 'docs.aws.amazon.com' || url.hostname.endsWith('.aws.amazon.com'))
    );
  } catch {
    return false;
  }
}
