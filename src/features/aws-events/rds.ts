import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { headUnits, escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { FAILED, MOVING, WARNING, isoTime, nullish, stateMessage, where, type Style } from './states';

const rdsDetail = z.looseObject({
  EventCategories: nullish(z.array(z.string())),
  SourceType: optionalText,
  SourceArn: optionalText,
  SourceIdentifier: optionalText,
  Date: optionalText,
  Message: z.string(),
  EventID: optionalText,
});

const SOURCES: Readonly<Record<string, string>> = {
  DB_INSTANCE: 'DB instance',
  DB_CLUSTER: 'DB cluster',
  SNAPSHOT: 'DB snapshot',
  CLUSTER_SNAPSHOT: 'DB cluster snapshot',
  DB_PARAM: 'DB parameter group',
  DB_SECURITY_GROUP: 'DB security group',
  DB_PROXY: 'DB proxy',
};

/** Categories that need someone: red; ones that may: orange; the rest are news (blue). */
function rdsStyle(categories: readonly string[]): Style {
  if (categories.some((c) => c === 'failure' || c === 'low storage')) return { ...FAILED, label: 'FAILURE' };
  if (categories.some((c) => c === 'failover' || c === 'availability' || c === 'maintenance'))
    return { ...WARNING, label: headUnits(categories[0]!.toUpperCase(), 40) };
  return { ...MOVING, label: headUnits((categories[0] ?? 'event').toUpperCase(), 40) };
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

/**
 * An RDS event (instance, cluster, snapshot, parameter group…): the source, RDS's message, the
 * categories, the event id (linked to RDS's list of event messages), when, and a link to the database.
 */
export function formatRdsEvent(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.rds' || !/^RDS .{1,60} Event$/.test(event.detailType)) return undefined;
  const parsed = rdsDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const categories = d.EventCategories ?? [];
  const style = rdsStyle(categories);
  const kind = d.SourceType && Object.hasOwn(SOURCES, d.SourceType) ? SOURCES[d.SourceType]! : 'RDS resource';
  // `arn:aws:rds:us-east-1:123456789012:db:my-db-instance` → my-db-instance (SourceIdentifier may read `rds:my-db-instance`).
  const id = d.SourceArn?.split(':').pop() || d.SourceIdentifier || undefined;
  const fields: Array<[string, string]> = [];
  if (id) fields.push([kind.charAt(0).toUpperCase() + kind.slice(1), inlineCode(id)]);
  if (categories.length) fields.push(['Categories', categories.slice(0, 10).map(escapeMrkdwn).join(', ')]);
  if (d.EventID)
    fields.push([
      'Event',
      /^RDS-EVENT-\d{4}$/.test(d.EventID)
        ? link('https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html', d.EventID)
        : inlineCode(d.EventID),
    ]);
  fields.push(['Where', where(event)]);
  const at = isoTime(d.Date) ?? (event.time ? formatUtc(event.time) : undefined);
  if (at) fields.push(['At', at]);
  const database = d.SourceType === 'DB_INSTANCE' || d.SourceType === 'DB_CLUSTER';
  const url =
    event.region && database && id && NAME.test(id)
      ? `https://${event.region}.console.aws.amazon.com/rds/home?region=${event.region}#database:id=${id};is-cluster=${d.SourceType === 'DB_CLUSTER'}`
      : undefined;
  return stateMessage(
    `RDS ${kind}${id ? ` ${id}` : ''}: ${d.Message}`,
    style,
    fields,
    url ? link(url, 'Open the database') : 'Amazon RDS',
    `*Message*\n${escapeMrkdwn(d.Message)}`,
  );
}
