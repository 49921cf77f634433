export type Claim =
  | {
      status: 'claimed';
      steps: Readonly<Record<string, string>>;
      /** 1 for the first attempt at this delivery; more when an earlier attempt failed part-way. */
      attempt?: number;
    }
  | { status: 'done' };

/**
 * At-least-once delivery made shown-once: a delivery (SNS MessageId) is claimed before any
 * Slack call, each side effect is journaled as a step, and a redelivery skips what was done.
 */
export interface DeliveryJournal {
  /** Claims the delivery for `holdMs`; 'done' if it was completed before. Throws DeliveryInProgressError if held. */
  begin(messageId: string, holdMs: number): Promise<Claim>;
  recordStep(messageId: string, step: string, value: string): Promise<void>;
  complete(messageId: string): Promise<void>;
  /** Releases the claim, keeping the steps, so the retry resumes where this attempt stopped. */
  release(messageId: string): Promise<void>;
}
