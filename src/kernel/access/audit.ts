import type { Place } from '../aws/place';
import type { Logger } from '../log';

export interface AuditEntry {
  at: Date;
  user: string;
  channel: string;
  action: string;
  target: string;
  outcome: string;
  detail?: string;
  /** The account and region acted in, where the action concerns one (an alarm's, `--account`'s). */
  account?: string;
  region?: string;
}

export interface AuditStore {
  recordAudit(entry: AuditEntry): Promise<void>;
}

/** Who is acting, and where: from Slack's signed request, never from a button's value. */
export interface Who {
  user: string;
  channel: string;
}

/** Every action leaves a structured record: in the bot's logs, and in DynamoDB. */
export async function audit(
  deps: { now: () => Date; log: Logger; audit: AuditStore },
  who: Who,
  action: string,
  target: string,
  outcome: string,
  detail?: string,
  place: Place = {},
): Promise<void> {
  const entry = {
    at: deps.now(),
    user: who.user,
    channel: who.channel,
    action,
    target,
    outcome,
    ...(detail ? { detail } : {}),
    ...(place.accountId ? { account: place.accountId } : {}),
    ...(place.region ? { region: place.region } : {}),
  };
  deps.log.info('audit', { ...entry, at: entry.at.toISOString() });
  try {
    await deps.audit.recordAudit(entry);
  } catch (err) {
    deps.log.error('could not write the audit record to DynamoDB (it is in this log)', { error: err });
  }
}
