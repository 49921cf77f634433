import type { SlackPort } from '../slack/port';

/** Where the bot token comes from: Secrets Manager in AWS, or plain for local runs. */
export type SlackTokenSource = { kind: 'secret'; secretId: string } | { kind: 'plain'; token: string };

/** Slack answers that mean the token we hold is no longer good: read the secret again next time. */
const STALE_TOKEN = new Set([
  'slack_invalid_auth',
  'slack_token_revoked',
  'slack_token_expired',
  'slack_account_inactive',
]);

export interface SlackProvider {
  get(): Promise<SlackPort>;
  /** Tell the provider about a failure: a refused token is forgotten, so a rotated secret is read. */
  failed(err: unknown): void;
}

/**
 * The Slack client for a Lambda container: the token is read once (starting at init) and reused.
 * A failed read, or a token Slack refuses, is forgotten, so a fixed or rotated secret is picked up
 * without a deploy.
 */
export function createSlackProvider(
  source: SlackTokenSource,
  readSecret: (secretId: string) => Promise<string>,
  make: (token: string) => SlackPort,
): SlackProvider {
  let slack: Promise<SlackPort> | undefined;
  const provider: SlackProvider = {
    get() {
      slack ??= (source.kind === 'plain' ? Promise.resolve(source.token) : readSecret(source.secretId)).then(
        make,
        (err: unknown) => {
          slack = undefined;
          throw err;
        },
      );
      return slack;
    },
    failed(err) {
      if (STALE_TOKEN.has((err as { code?: string }).code ?? '')) slack = undefined;
    },
  };
  // Start reading the secret during init; a failure surfaces on the invocation that needs it.
  provider.get().catch(() => undefined);
  return provider;
}

/** Runs each item, collecting failures; throws the one failure, or all of them together. */
export async function eachOrThrow<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
  onError: (err: unknown) => void,
): Promise<R[]> {
  const results: R[] = [];
  const failures: unknown[] = [];
  for (const item of items) {
    try {
      results.push(await run(item));
    } catch (err) {
      onError(err);
      failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of the event's records failed`);
  return results;
}
