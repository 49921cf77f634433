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
  | { message: QueuedMessage; letter: DeadLetter; outcome: 'listed' | 'replayed' }
  | { message: QueuedMessage; letter: DeadLetter; outcome: 'failed'; error: string }
  | { message: QueuedMessage; outcome: 'unreadable' };

/**
 * Lists what the dead-letter queue holds and, with `replay`, invokes each message's function
 * with its original event, deleting the message only once that invocation succeeded. A failed
 * replay, and anything unreadable, is released for the next attempt: nothing is lost.
 */
export async function redrive(
  queue: DeadLetterQueue,
  invoker: FunctionInvoker,
  options: { replay: boolean; max: number },
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
        if (!letter || !options.replay) {
          held.push(message);
          results.push(letter ? { message, letter, outcome: 'listed' } : { message, outcome: 'unreadable' });
          continue;
        }
        const answer = await invoker.invoke(letter.functionArn, letter.event).catch((err: unknown) => ({
          error: err instanceof Error ? err.message : String(err),
        }));
        if (answer.error !== undefined) {
          held.push(message);
          results.push({ message, letter, outcome: 'failed', error: answer.error });
        } else {
          await queue.delete(message);
          results.push({ message, letter, outcome: 'replayed' });
        }
      }
    }
  } finally {
    // What was only looked at, or failed again, is visible at once for the next run.
    for (const message of held) await queue.release(message).catch(() => undefined);
  }
  return results;
}
