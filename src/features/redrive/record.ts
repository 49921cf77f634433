import * as z from 'zod/mini';

/**
 * What Lambda's on-failure destination writes to the dead-letter queue for an asynchronous
 * invocation that failed its retries (or grew too old): the function, why, and the event itself.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
const destinationRecord = z.object({
  timestamp: z.optional(z.string()),
  requestContext: z.object({
    functionArn: z.string(),
    condition: z.optional(z.string()),
    approximateInvokeCount: z.optional(z.number()),
  }),
  requestPayload: z.optional(z.unknown()),
  responsePayload: z.optional(z.unknown()),
});

export interface DeadLetter {
  /** The function the event was for, unqualified (so the fixed code runs), its name, account and region. */
  functionArn: string;
  functionName: string;
  account: string;
  region: string;
  at?: Date;
  /** RetriesExhausted, EventAgeExceeded… */
  condition: string;
  attempts?: number;
  /** The function's last error, in a line. */
  error: string;
  /** The original event, to invoke the function with again. */
  event: unknown;
  /** What the event was, in a few words. */
  what: string;
  /** The Slack user a worker job says it acts for: a claim until its signature is checked. */
  claimedUser?: string;
}

const FUNCTION_ARN = /^(arn:[a-z-]+:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140}))(:[A-Za-z0-9$_-]+)?$/;

/** Reads one dead-letter queue message; undefined when it is not a Lambda destination record. */
export function readDeadLetter(body: string): DeadLetter | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = destinationRecord.safeParse(json);
  if (!parsed.success || parsed.data.requestPayload === undefined) return undefined;
  const record = parsed.data;
  const arn = FUNCTION_ARN.exec(record.requestContext.functionArn);
  if (!arn) return undefined;
  const at = record.timestamp ? new Date(record.timestamp) : undefined;
  const user = claimedUser(record.requestPayload);
  return {
    functionArn: arn[1]!,
    functionName: arn[4]!,
    account: arn[3]!,
    region: arn[2]!,
    ...(at && !Number.isNaN(at.getTime()) ? { at } : {}),
    condition: oneLine(record.requestContext.condition ?? 'unknown'),
    ...(record.requestContext.approximateInvokeCount !== undefined
      ? { attempts: record.requestContext.approximateInvokeCount }
      : {}),
    error: errorLine(record.responsePayload),
    event: record.requestPayload,
    what: describeEvent(record.requestPayload),
    ...(user !== undefined ? { claimedUser: user } : {}),
  };
}

/** A worker job's `user`, as written: shown to the operator, trusted only once its signature holds. */
function claimedUser(payload: unknown): string | undefined {
  const p = payload as { kind?: unknown; user?: unknown } | null;
  return p && typeof p === 'object' && typeof p.kind === 'string' && typeof p.user === 'string'
    ? oneLine(p.user)
    : undefined;
}

function errorLine(payload: unknown): string {
  if (payload === undefined || payload === null) return 'no error recorded';
  if (typeof payload === 'string') return oneLine(payload);
  const p = payload as { errorType?: unknown; errorMessage?: unknown };
  const type = typeof p.errorType === 'string' ? `${p.errorType}: ` : '';
  return oneLine(`${type}${typeof p.errorMessage === 'string' ? p.errorMessage : JSON.stringify(payload)}`);
}

/**
 * One line for the operator's terminal, at most 200 characters. Anyone who can write to the
 * queue writes this text: control characters (a terminal's escape sequences) become U+FFFD.
 */
const oneLine = (text: string) => {
  const line = text
    .slice(0, 2000)
    .replace(/\s+/g, ' ')
    // eslint-disable-next-line no-control-regex -- the point is to remove them
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd')
    .trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** An SNS notification (its subject or MessageId), an EventBridge event, or the scheduled pass. */
function describeEvent(event: unknown): string {
  const e = event as {
    Records?: Array<{ Sns?: { Subject?: unknown; MessageId?: unknown } }>;
    source?: unknown;
    'detail-type'?: unknown;
    lamplighter?: unknown;
    kind?: unknown;
    command?: unknown;
  };
  const sns = Array.isArray(e?.Records) ? e.Records[0]?.Sns : undefined;
  if (sns) {
    const subject = typeof sns.Subject === 'string' && sns.Subject ? sns.Subject : 'no subject';
    return oneLine(`SNS ${subject} (MessageId ${String(sns.MessageId ?? '?')})`);
  }
  if (typeof e?.['detail-type'] === 'string') return oneLine(`EventBridge ${String(e.source)}: ${e['detail-type']}`);
  if (e?.lamplighter === 'drain') return 'the scheduled pass';
  if (typeof e?.kind === 'string') return oneLine(`worker job ${typeof e.command === 'string' ? e.command : e.kind}`);
  return 'an event of another kind';
}
