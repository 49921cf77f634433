import * as z from 'zod/mini';
import { ConfigError } from '../kernel/errors';
import type { RouteRule } from '../kernel/routing';
import { nonEmptyString } from '../kernel/schema';
import { CHANNEL, parseRuleList } from './env';

const oneOrMany = (check: (v: string) => boolean, message: string) =>
  z
    .pipe(
      z.union([nonEmptyString, z.array(nonEmptyString).check(z.minLength(1))]),
      z.transform((v) => (Array.isArray(v) ? v : [v])),
    )
    .check(z.refine((values) => values.every(check), message));

const routeSchema = z.strictObject({
  name: z.optional(nonEmptyString),
  channel: z.string().check(z.regex(CHANNEL, 'must be a Slack channel id (C0123ABCD) or name')),
  account: z.optional(oneOrMany((id) => /^\d{12}$/.test(id), 'account ids are 12 digits')),
  accountName: z.optional(oneOrMany((n) => n.length <= 64, 'account names are at most 64 characters')),
  region: z.optional(oneOrMany((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r), 'regions are codes like us-east-1')),
  ou: z.optional(
    oneOrMany((u) => u.length <= 128, 'organisational units are ids (ou-…) or names of at most 128 characters'),
  ),
  alarmNamePrefix: z.optional(nonEmptyString),
  alarmNamePattern: z.optional(nonEmptyString),
  topicArn: z.optional(oneOrMany((a) => a.startsWith('arn:'), 'topic ARNs start with arn:')),
  tag: z.optional(
    z
      .record(z.string().check(z.minLength(1), z.maxLength(128)), z.string().check(z.maxLength(256)))
      .check(z.refine((t) => Object.keys(t).length > 0, 'names at least one tag')),
  ),
});

/** Parses LAMPLIGHTER_ROUTES, naming the first bad entry precisely (e.g. `LAMPLIGHTER_ROUTES[2].alarmNamePattern`). */
export function parseRoutes(raw: string | undefined, entry = 'LAMPLIGHTER_ROUTES'): RouteRule[] {
  if (!raw || !raw.trim()) return [];
  return parseRuleList(entry, raw, routeSchema).map((r, index): RouteRule => {
    const at = `${entry}[${index}]`;
    if (
      !r.account &&
      !r.accountName &&
      !r.region &&
      !r.ou &&
      !r.alarmNamePrefix &&
      !r.alarmNamePattern &&
      !r.topicArn &&
      !r.tag
    ) {
      throw new ConfigError(
        at,
        'matches nothing: give at least one of account, accountName, ou, region, alarmNamePrefix, alarmNamePattern, topicArn, tag',
      );
    }
    let pattern: RegExp | undefined;
    if (r.alarmNamePattern !== undefined) {
      try {
        pattern = new RegExp(r.alarmNamePattern);
      } catch (err) {
        throw new ConfigError(
          `${at}.alarmNamePattern`,
          `is not a valid regular expression (${(err as Error).message})`,
        );
      }
    }
    const rule: RouteRule = { name: r.name ?? `rule ${index + 1}`, channel: r.channel };
    if (r.account) rule.accountIds = r.account;
    if (r.accountName) rule.accountNames = r.accountName;
    if (r.region) rule.regions = r.region;
    if (r.ou) rule.units = r.ou;
    if (r.alarmNamePrefix) rule.alarmNamePrefix = r.alarmNamePrefix;
    if (pattern) rule.alarmNamePattern = pattern;
    if (r.topicArn) rule.topicArns = r.topicArn;
    if (r.tag) rule.tags = r.tag;
    return rule;
  });
}
