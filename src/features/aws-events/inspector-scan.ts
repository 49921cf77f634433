import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, headUnits, link } from '../../kernel/slack/text';
import { optionalText, words, type AwsEvent } from './event';
import { DONE, FAILED, WARNING, nullish, stateMessage, where, type Style } from './states';

const count = nullish(z.number());

// Inspector's "Inspector2 Scan" event: an initial scan of an EC2 instance, an ECR image or a
// Lambda function finished (Amazon Inspector User Guide, "EventBridge event schemas").
const scanDetail = z.looseObject({
  'scan-status': optionalText,
  'finding-severity-counts': nullish(
    z.looseObject({ CRITICAL: count, HIGH: count, MEDIUM: count, LOW: count, TOTAL: count }),
  ),
  'instance-id': optionalText,
  'repository-name': optionalText,
  'image-digest': optionalText,
  'image-tags': nullish(z.array(z.string())),
});

/** `arn:aws:ecr:…:repository/amazon/amazon-ecs-sample` → amazon/amazon-ecs-sample. */
const repositoryName = (value: string) => value.replace(/^arn:[^:]+:ecr:[^:]*:[^:]*:repository\//, '');

/** What was scanned, as a person names it; from the detail, else the event's resource. */
function scanned(d: z.infer<typeof scanDetail>, event: AwsEvent): { title: string; field: string } | undefined {
  if (d['repository-name']) {
    const repo = headUnits(repositoryName(d['repository-name']), 200);
    const tags = (d['image-tags'] ?? []).slice(0, 5).map((t) => headUnits(t, 100));
    const digest = d['image-digest'] ? headUnits(d['image-digest'], 80) : undefined;
    return {
      title: `ECR image ${repo}${tags[0] ? `:${tags[0]}` : ''}`,
      field: `ECR image ${inlineCode(repo)}${tags.length ? ` (${tags.map(inlineCode).join(', ')})` : ''}${digest ? `\n${inlineCode(digest)}` : ''}`,
    };
  }
  if (d['instance-id']) {
    const id = headUnits(d['instance-id'], 100);
    return { title: `EC2 instance ${id}`, field: `EC2 instance ${inlineCode(id)}` };
  }
  const resource = event.resources[0];
  if (!resource) return undefined;
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource)?.[1];
  if (lambda) return { title: `Lambda function ${lambda}`, field: `Lambda function ${inlineCode(lambda)}` };
  const cut = headUnits(resource, 200);
  return { title: cut, field: inlineCode(cut) };
}

/**
 * An Inspector scan that finished: what was scanned and how many findings it found at each
 * level, coloured by the worst. A scan whose counts or resource are missing says what it has.
 */
export function formatInspectorScan(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.inspector2' || event.detailType !== 'Inspector2 Scan') return undefined;
  const parsed = scanDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const counts = d['finding-severity-counts'];
  const n = (level: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'TOTAL') => counts?.[level] ?? undefined;
  const style: Style =
    (n('CRITICAL') ?? 0) > 0 || (n('HIGH') ?? 0) > 0
      ? { ...FAILED, label: 'FINDINGS' }
      : (n('TOTAL') ?? 0) > 0
        ? { ...WARNING, label: 'FINDINGS' }
        : counts
          ? { ...DONE, label: 'NO FINDINGS' }
          : { ...WARNING, label: 'COUNTS UNKNOWN' };
  const what = scanned(d, event);
  const levels = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const)
    .filter((l) => n(l) !== undefined)
    .map((l) => `${l.toLowerCase()} ${formatNumber(n(l)!)}`);
  const total = n('TOTAL');
  const summary = counts
    ? total === 0
      ? 'no findings'
      : `${levels.join(' · ')}${total !== undefined ? ` (${formatNumber(total)} in all)` : ''}`
    : 'not given';
  const status = d['scan-status'] ? words(d['scan-status'].toLowerCase()) : 'Scan finished';
  const fields: Array<[string, string]> = [];
  if (what) fields.push(['Scanned', what.field]);
  fields.push(['Findings', escapeMrkdwn(summary)], ['Status', escapeMrkdwn(status)], ['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const url = event.region
    ? `https://${event.region}.console.aws.amazon.com/inspector/v2/home?region=${event.region}#/findings/all`
    : undefined;
  const headline = counts
    ? total === 0
      ? 'no findings'
      : `${total !== undefined ? formatNumber(total) : 'some'} findings, ${formatNumber(n('CRITICAL') ?? 0)} critical`
    : status.toLowerCase();
  return stateMessage(
    `Inspector scan of ${what?.title ?? 'a resource'}: ${headline}`,
    style,
    fields,
    url ? link(url, 'Open the findings in Inspector') : 'Amazon Inspector',
  );
}
