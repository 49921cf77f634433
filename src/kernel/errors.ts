/**
 * Every error Lamplighter raises carries a stable code and, where there was one, its cause. Each
 * class names itself in a string: the bundles are minified, so a class's own name is a letter or
 * two there, and `name` is what Lambda reports as the errorType (and the dead-letter view shows).
 */
export class LamplighterError extends Error {
  override name = 'LamplighterError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A configuration entry is wrong; raised at cold start, naming the entry. */
export class ConfigError extends LamplighterError {
  override name = 'ConfigError';
  constructor(
    readonly entry: string,
    message: string,
  ) {
    super('config_invalid', `${entry}: ${message}`);
  }
}

/** Slack refused or failed a call; `retryable` says whether a later attempt may succeed. */
export class SlackDeliveryError extends LamplighterError {
  override name = 'SlackDeliveryError';
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Another invocation is handling the same delivery right now; fail so Lambda retries later. */
export class DeliveryInProgressError extends LamplighterError {
  override name = 'DeliveryInProgressError';
  constructor(messageId: string) {
    super('delivery_in_progress', `SNS message ${messageId} is being processed by another invocation`);
  }
}

/** The incident changed under us (optimistic lock); fail so Lambda retries with fresh state. */
export class IncidentConflictError extends LamplighterError {
  override name = 'IncidentConflictError';
  constructor(key: string, options?: { cause?: unknown }) {
    super('state_conflict', `${key} was updated concurrently; retrying will read it afresh`, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure of an AWS call made for a person (a command or a button), worded for them. */
export class ActionError extends Error {
  constructor(
    readonly code: 'access_denied' | 'not_found' | 'limit' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ActionError';
  }
}
