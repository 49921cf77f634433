import type { App } from '@slack/bolt';
import type { GatewayDeps } from './deps';

/** Slack retries a request it thinks timed out; the first delivery already did the work. */
export function registerRetries(app: App, deps: GatewayDeps): void {
  app.use(async (args) => {
    const { context, next } = args;
    if (context.retryNum) {
      deps.log.info('Slack retry ignored', { retryNum: context.retryNum, retryReason: context.retryReason });
      // Answer it, so Slack stops retrying, but do nothing else.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await next();
  });
}
