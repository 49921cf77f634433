import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ActionError } from '../../kernel/errors';
import { createMemberAccess, type MemberAccess } from './member-access';
import { perAccountRegion } from './per-region';
import { type TrailEvent, type TrailPort } from '../../features/trail/port';
import { bounded } from '../../kernel/untrusted';

const MAX_PAGES = 10;

/** CloudTrail clients per account and region (the function's own when neither is given). */
export function clientsByRegion(
  maxAttempts: number,
  access: MemberAccess = createMemberAccess(undefined),
): (region: string | undefined, accountId?: string) => Promise<CloudTrailClient> {
  let own: CloudTrailClient | undefined;
  const others = perAccountRegion(access, 'read', (region, credentials) =>
    credentials
      ? new CloudTrailClient({ region, maxAttempts, credentials })
      : new CloudTrailClient({ region, maxAttempts }),
  );
  return async (region, accountId) =>
    region || accountId
      ? others(region ?? (process.env.AWS_REGION || 'us-east-1'), accountId)
      : (own ??= new CloudTrailClient({ maxAttempts }));
}

/**
 * CloudTrail LookupEvents (moto lacks it: tests use a fake at this boundary). `maxAttempts`:
 * the SDK backs off on throttling (2 lookups a second per account and region) before giving up.
 */
export function createTrailPort(
  clientFor: (region: string | undefined, accountId?: string) => Promise<CloudTrailClient> = clientsByRegion(5),
): TrailPort {
  return {
    async lookup({ attribute, value, start, end, max, region, accountId }) {
      const client = await clientFor(region, accountId);
      const out: TrailEvent[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      try {
        do {
          const res = await client.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: attribute, AttributeValue: value }],
              StartTime: start,
              EndTime: end,
              NextToken: nextToken,
              MaxResults: 50,
            }),
          );
          for (const e of res.Events ?? []) {
            // Only write calls count toward `max`: a busy resource's Describe calls must not crowd them out.
            if (e.ReadOnly === 'true') continue;
            let detail: Record<string, unknown> = {};
            try {
              detail = JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, unknown>;
            } catch {
              // the summary fields still tell the story
            }
            // Bounded where they enter (kernel/untrusted.ts): a member account writes these records.
            out.push({
              id: bounded(e.EventId ?? ''),
              name: bounded(e.EventName ?? ''),
              source: bounded(e.EventSource ?? ''),
              time: e.EventTime ?? new Date(0),
              principal: bounded(
                e.Username ?? String((detail.userIdentity as { arn?: string } | undefined)?.arn ?? 'unknown'),
              ),
              sourceIp: typeof detail.sourceIPAddress === 'string' ? bounded(detail.sourceIPAddress) : undefined,
              resources: (e.Resources ?? []).map((r) => bounded(r.ResourceName ?? '')).filter(Boolean),
              readOnly: e.ReadOnly === 'true',
              errorCode: typeof detail.errorCode === 'string' ? bounded(detail.errorCode) : undefined,
            });
          }
          nextToken = res.NextToken;
        } while (nextToken && out.length < max && ++pages < MAX_PAGES);
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        if (/AccessDenied/.test(name))
          throw new ActionError(
            'access_denied',
            "Lamplighter's role may not read CloudTrail (cloudtrail:LookupEvents).",
            { cause: err },
          );
        throw new ActionError('failed', `CloudTrail failed: ${(err as Error).message}`, { cause: err });
      }
      return out.slice(0, max);
    },
  };
}
