import type { TrailEvent, TrailPort } from '../../features/trail/port';

type Json = Record<string, unknown>;

/**
 * Keys of requestParameters that name the resource acted on, as CloudTrail lists it in Resources
 * (a cluster's `dBName` or a `masterUsername` is not the resource).
 */
const NAMES =
  /^(\w*Identifier|tableName|bucketName|functionName|instanceId|domainName|notebookInstanceName|endpointName|cacheClusterId|fileSystemId|roleName|userName)$/;

interface Recorded {
  event: TrailEvent;
  region: string;
  account: string;
  userName: string;
}

/**
 * moto has no CloudTrail LookupEvents, so the sandbox keeps its own trail: every CloudTrail
 * event its scenarios send, held in the account and region it happened in, and answered as
 * LookupEvents would (that account and region only, write calls, newest first, by resource name
 * or user name). `/trail` and "What changed" then see what the scenarios did.
 */
export function createScenarioTrail(home: { region: string; account: string }) {
  const recorded: Recorded[] = [];
  const port: TrailPort = {
    async lookup({ attribute, value, start, end, max, region, accountId }) {
      return recorded
        .filter((r) => r.region === (region ?? home.region) && r.account === (accountId ?? home.account))
        .filter((r) => r.event.time >= start && r.event.time <= end && !r.event.readOnly)
        .filter((r) => (attribute === 'ResourceName' ? r.event.resources.includes(value) : r.userName === value))
        .map((r) => r.event)
        .sort((a, b) => b.time.getTime() - a.time.getTime())
        .slice(0, max);
    },
  };
  return {
    port,
    /** Notes an EventBridge "AWS API Call via CloudTrail" event; anything else is ignored. */
    record(eventBridge: unknown) {
      const detail = (eventBridge as { detail?: Json } | null)?.detail;
      if (!detail || typeof detail.eventName !== 'string') return;
      const who = (detail.userIdentity ?? {}) as Json;
      const params = (detail.requestParameters ?? {}) as Json;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      recorded.push({
        region: str(detail.awsRegion) ?? home.region,
        account: str(detail.recipientAccountId) ?? str(who.accountId) ?? home.account,
        userName: str(who.userName) ?? '',
        event: {
          id: str(detail.eventID) ?? '',
          name: detail.eventName,
          source: str(detail.eventSource) ?? '',
          time: new Date(str(detail.eventTime) ?? Date.now()),
          principal: str(who.userName) ?? str(who.arn) ?? 'unknown',
          ...(str(detail.sourceIPAddress) ? { sourceIp: str(detail.sourceIPAddress)! } : {}),
          resources: Object.entries(params)
            .filter(([k, v]) => NAMES.test(k) && typeof v === 'string')
            .map(([, v]) => v as string),
          readOnly: detail.readOnly === true,
          ...(str(detail.errorCode) ? { errorCode: str(detail.errorCode)! } : {}),
        },
      });
    },
  };
}

export type ScenarioTrail = ReturnType<typeof createScenarioTrail>;
