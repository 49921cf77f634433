import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, regionOf, whereText, type AwsEvent } from './event';
import { DONE, FAILED, IDLE, isoTime, nullish, stateMessage, styleOf, type Style } from './states';

const evaluation = nullish(
  z.looseObject({ complianceType: optionalText, annotation: optionalText, resultRecordedTime: optionalText }),
);

const complianceChange = z.looseObject({
  configRuleName: z.string(),
  awsAccountId: optionalText,
  awsRegion: optionalText,
  resourceType: optionalText,
  resourceId: optionalText,
  newEvaluationResult: evaluation,
  oldEvaluationResult: evaluation,
});

const COMPLIANCE: Readonly<Record<string, Style>> = {
  NON_COMPLIANT: { ...FAILED, label: 'NON-COMPLIANT' },
  COMPLIANT: { ...DONE, label: 'COMPLIANT' },
  NOT_APPLICABLE: { ...IDLE, label: 'NOT APPLICABLE' },
  INSUFFICIENT_DATA: { ...IDLE, label: 'INSUFFICIENT DATA' },
};

/**
 * A Config rule's verdict on a resource changed: the rule, the resource, the compliance before
 * and now, the rule's annotation, and a link to the rule.
 */
export function formatConfigCompliance(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.config' || event.detailType !== 'Config Rules Compliance Change') return undefined;
  const parsed = complianceChange.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const now = d.newEvaluationResult?.complianceType ?? 'UNKNOWN';
  const before = d.oldEvaluationResult?.complianceType;
  const style = styleOf(now, COMPLIANCE);
  const region = regionOf(d.awsRegion, event);
  const resource = [d.resourceType, d.resourceId].filter(Boolean).join(' ');
  const fields: Array<[string, string]> = [['Rule', inlineCode(d.configRuleName)]];
  if (d.resourceId || d.resourceType)
    fields.push([
      'Resource',
      `${d.resourceType ? `${escapeMrkdwn(d.resourceType)} ` : ''}${d.resourceId ? inlineCode(d.resourceId) : ''}`.trim(),
    ]);
  fields.push([
    'Compliance',
    `${before ? `${escapeMrkdwn(styleOf(before, COMPLIANCE).label)} → ` : ''}*${escapeMrkdwn(style.label)}*`,
  ]);
  fields.push(['Where', whereText(d.awsAccountId ?? event.account, region, '', event.accountNames)]);
  const at = isoTime(d.newEvaluationResult?.resultRecordedTime) ?? (event.time ? formatUtc(event.time) : undefined);
  if (at) fields.push(['At', at]);
  const annotation = d.newEvaluationResult?.annotation?.trim();
  const url = region
    ? `https://${region}.console.aws.amazon.com/config/home?region=${region}#/rules/details?configRuleName=${encodeURIComponent(d.configRuleName)}`
    : undefined;
  return stateMessage(
    `Config: ${resource || 'a resource'} is ${style.label} with ${d.configRuleName}`,
    style,
    fields,
    url ? link(url, 'Open the rule') : 'AWS Config',
    annotation ? `*Annotation*\n${escapeMrkdwn(annotation)}` : undefined,
  );
}
