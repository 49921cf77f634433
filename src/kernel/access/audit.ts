import type { Logger } from '../log';

export interface AuditEntry {
  at: Date;
  user: string;
  channel: string;
  action: string;
  target: string;
  outcome: string;
  detail?: string;
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
): Promise<void> {
  const entry = {
    at: deps.now(),
    user: who.user,
    channel: who.channel,
    action,
    target,
    outcome,
    ...(detail ? { detail } : {}),
  };
  deps.log.info('audit', { ...entry, at: entry.at.toISOString() });
  try {
    await deps.audit.recordAudit(entry);
  } catch (err) {
    deps.log.error('could not write the audit record to DynamoDB (it is in this log)', { error: err });
  }
}
