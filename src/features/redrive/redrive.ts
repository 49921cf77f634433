import { admit, type Admission, type AdmitOptions, type OwnFunctions } from './admit';
import { readDeadLetter, type DeadLetter } from './record';

/** A message as the queue holds it, with the handle to delete it by. */
export interface QueuedMessage {
  id: string;
  body: string;
  receiptHandle: string;
}

export interface DeadLetterQueue {
  /** Up to `max` messages, hidden from others for a while. */
  receive(max: number): Promise<QueuedMessage[]>;
  delete(message: QueuedMessage): Promise<void>;
  /** Visible again at once. */
  release(message: QueuedMessage): Promise<void>;
}

export interface FunctionInvoker {
  /** Invokes synchronously; resolves with the function's error, if it threw. */
  invoke(functionArn: string, event: unknown): Promise<{ error?: string }>;
}

export type RedriveResult =
  | { message: QueuedMessage; letter: DeadLetter; admission: Admission; outcome: 'listed' | 'replayed' | 'kept' }
  | { message: QueuedMessage; letter: DeadLetter; admission: Admission; outcome: 'failed'; error: string }
  | { message: QueuedMessage; outcome: 'unreadable' };

/**
 * Lists what the dead-letter queue holds and, with `replay`, invokes each admitted message's
 * function (admit.ts: this stack's own, with an event it can verify) with its original event,
 * deleting the message only once that invocation succeeded. A refused or skipped message, a
 * failed replay, and anything unreadable is released for the next attempt: nothing is lost.
 */
export async function redrive(
  queue: DeadLetterQueue,
  invoker: FunctionInvoker,
  own: OwnFunctions,
  options: AdmitOptions & { replay: boolean; max: number },
): Promise<RedriveResult[]> {
  const results: RedriveResult[] = [];
  const held: QueuedMessage[] = [];
  const seen = new Set<string>();
  try {
    while (results.length < options.max) {
      const batch = (await queue.receive(Math.min(10, options.max - results.length))).filter((m) => !seen.has(m.id));
      if (!batch.length) break;
      for (const message of batch) {
        seen.add(message.id);
        const letter = readDeadLetter(message.body);
        if (!letter) {
          held.push(message);
          results.push({ message, outcome: 'unreadable' });
          continue;
        }
        const admission = await admit(letter, own, options);
        if (!options.replay || admission.verdict !== 'replay') {
          held.push(message);
          results.push({ message, letter, admission, outcome: options.replay ? 'kept' : 'listed' });
          continue;
        }
        const answer = await invoker.invoke(admission.functionArn, letter.event).catch((err: unknown) => ({
          error: err instanceof Error ? err.message : String(err),
        }));
        if (answer.error !== undefined) {
          held.push(message);
          results.push({ message, letter, admission, outcome: 'failed', error: answer.error });
        } else {
          await queue.delete(message);
          results.push({ message, letter, admission, outcome: 'replayed' });
        }
      }
    }
  } finally {
    // What was only looked at, refused, or failed again, is visible at once for the next run.
    for (const message of held) await queue.release(message).catch(() => undefined);
  }
  return results;
}
