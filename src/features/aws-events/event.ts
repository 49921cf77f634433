import { headUnits } from '../../kernel/slack/text';
import * as z from 'zod/mini';
import { isRegionCode } from '../../kernel/aws/regions';
import { parseAwsTime } from '../../kernel/aws/time';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { eventBridgeEnvelope } from '../../kernel/envelopes/eventbridge';
import { accountText, type AccountNames } from '../../kernel/accounts';

/** An AWS service event as EventBridge delivers it (directly, or inside an SNS message). */
export interface AwsEvent {
  /** EventBridge's id of this event. */
  id?: string;
  source?: string;
  detailType: string;
  account?: string;
  /** A region code, checked: it goes into console links. */
  region?: string;
  time?: Date;
  resources: string[];
  detail: unknown;
  /** The names of the accounts it may mention, looked up where it arrived. */
  accountNames?: AccountNames;
}

/** Reads the envelope; undefined when the JSON is not an EventBridge event. */
export function awsEventFrom(json: unknown): AwsEvent | undefined {
  const parsed = eventBridgeEnvelope.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  return {
    ...(e.id ? { id: e.id } : {}),
    ...(e.source ? { source: e.source } : {}),
    detailType: e['detail-type'],
    ...(e.account ? { account: e.account } : {}),
    ...(e.region && isRegionCode(e.region) ? { region: e.region } : {}),
    ...(parseAwsTime(e.time) ? { time: parseAwsTime(e.time) } : {}),
    resources: e.resources ?? [],
    detail: e.detail,
  };
}

/** A region code from the detail when it is one, else the envelope's. */
export const regionOf = (value: unknown, event: AwsEvent): string | undefined =>
  typeof value === 'string' && isRegionCode(value) ? value : event.region;

/** `PortProbeUnprotectedPort` → "port probe unprotected port"; acronyms kept ("SSH brute force"). */
export function words(camel: string): string {
  // Each pattern looks one or two characters ahead, never back over a run: linear ("SSHBrute"
  // → "SSH Brute"), where /([A-Z]+)([A-Z][a-z])/ rescanned every run of capitals from each start.
  return headUnits(camel, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .replace(/[_-]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((w, i) =>
      /^[A-Z0-9]{2,}$/.test(w) ? w : i === 0 ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase(),
    )
    .join(' ');
}

export const optionalText = z.optional(z.nullish(z.string()));

/** A time from an event (ISO, or Health's RFC 1123 `Sat, 05 Jun 2016 15:10:09 GMT`), as shown; undefined if it is none. */
export function eventTime(value: string | null | undefined): string | undefined {
  const d = value ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? formatUtc(d) : undefined;
}

/** "account `123456789012` · `eu-west-1`", with what to say when the region is unknown. */
export function whereText(
  account: string | undefined,
  region: string | undefined,
  noRegion = '',
  names?: AccountNames,
): string {
  const named = account ? names?.get(account) : undefined;
  return (
    [
      account ? (named ? accountText(account, named) : `account ${inlineCode(account)}`) : '',
      region ? inlineCode(region) : noRegion,
    ]
      .filter(Boolean)
      .join(' · ') || 'unknown'
  );
}
