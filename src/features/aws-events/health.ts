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
import { eventTime, optionalText, regionOf, whereText, words, type AwsEvent } from './event';

const healthEvent = z.looseObject({
  eventArn: z.string(),
  service: optionalText,
  eventTypeCode: z.string(),
  eventTypeCategory: optionalText,
  statusCode: optionalText,
  startTime: optionalText,
  endTime: optionalText,
  affectedAccount: optionalText,
  eventDescription: z.optional(
    z.nullish(z.array(z.looseObject({ language: optionalText, latestDescription: optionalText }))),
  ),
  affectedEntities: z.optional(z.nullish(z.array(z.looseObject({ entityValue: optionalText })))),
});

export type HealthEvent = z.infer<typeof healthEvent>;

export function healthEventFrom(event: AwsEvent): HealthEvent | undefined {
  if (event.source !== undefined && event.source !== 'aws.health') return undefined;
  if (event.detailType !== 'AWS Health Event' && event.detailType !== 'AWS Health Abuse Event') return undefined;
  const parsed = healthEvent.safeParse(event.detail);
  return parsed.success ? parsed.data : undefined;
}

const STATUS: Readonly<Record<string, { label: string; color: string; emoji: string }>> = {
  open: { label: 'OPEN', color: '#FF9900', emoji: ':large_orange_circle:' },
  upcoming: { label: 'UPCOMING', color: '#4A90D9', emoji: ':calendar:' },
  closed: { label: 'CLOSED', color: '#2EB67D', emoji: ':large_green_circle:' },
};

/** `AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED` (service EC2) → "Instance store drive performance degraded". */
export function eventTypeInWords(code: string, service: string | undefined): string {
  let rest = code.replace(/^AWS_/, '');
  if (service && rest.toUpperCase().startsWith(`${service.toUpperCase()}_`)) rest = rest.slice(service.length + 1);
  const text = rest.toLowerCase().replace(/_/g, ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : code;
}

const MAX_ENTITIES = 10;

/**
 * An AWS Health event: the service, the event in words, its status (open, upcoming, closed),
 * start and end, the affected entities and account, and what AWS says about it.
 */
/** Its status: as AWS says, else closed once it has an end, else open. */
export function healthStatus(h: HealthEvent): { label: string; color: string; emoji: string } {
  const key = (h.statusCode ?? (h.endTime ? 'closed' : 'open')).toLowerCase();
  return Object.hasOwn(STATUS, key) ? STATUS[key]! : STATUS.open!;
}

export function formatHealthEvent(h: HealthEvent, event: AwsEvent): SlackMessage {
  const status = healthStatus(h);
  const service = h.service?.trim() || 'AWS';
  const what = eventTypeInWords(h.eventTypeCode, h.service ?? undefined);
  const region = regionOf(undefined, event);
  const account = h.affectedAccount ?? event.account;
  const fields: Array<[string, string]> = [
    ['Status', `${status.label}${h.eventTypeCategory ? ` · ${escapeMrkdwn(words(h.eventTypeCategory))}` : ''}`],
    ['Event', inlineCode(h.eventTypeCode)],
  ];
  const start = eventTime(h.startTime);
  const end = eventTime(h.endTime);
  if (start) fields.push(['Start', start]);
  if (end) fields.push(['End', end]);
  fields.push(['Where', whereText(account, region, 'all regions', event.accountNames)]);
  const entities = (h.affectedEntities ?? []).map((e) => e.entityValue).filter((v): v is string => !!v?.trim());
  if (entities.length)
    fields.push([
      `Affected (${entities.length})`,
      entities.slice(0, MAX_ENTITIES).map(inlineCode).join(', ') +
        (entities.length > MAX_ENTITIES ? ` and ${entities.length - MAX_ENTITIES} more` : ''),
    ]);
  const description =
    h.eventDescription?.find((d) => d.language === 'en_US')?.latestDescription ??
    h.eventDescription?.[0]?.latestDescription;
  const consoleUrl = `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(h.eventArn)}`;
  const blocks = [
    header(`${status.emoji} AWS Health · ${service}: ${what}`),
    fieldsSection(fields),
    ...(description?.trim()
      ? [
          section(
            fitMrkdwn(
              escapeMrkdwn(description.replace(/\\n/g, '\n').trim()),
              2000,
              link(consoleUrl, 'the event in AWS Health'),
            ),
          ),
        ]
      : []),
    context(`${link(consoleUrl, 'Open in AWS Health')}`),
  ];
  return {
    text: notificationText(`AWS Health ${status.label} · ${service}: ${what}`),
    attachments: [{ color: status.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
