import type { Receiver } from '@slack/bolt';
// Bolt's App from its own module, not the package index: the index also evaluates the Express
// receiver (Express, body-parser, iconv-lite, mime-db), which no receiver of ours uses, at every
// cold start of the Slack gateway. @slack/bolt has no `exports` map, so the deep path resolves
// the same under esbuild (scripts/build.mjs, sam build), tsc and jest.
import App, { LogLevel } from '@slack/bolt/dist/App';
import { slackLogger } from './bolt-logger';
import { registerListeners } from './listeners';
import type { GatewayDeps } from './listeners/deps';
import { postToResponseUrl } from './response-url';

export type { GatewayDeps } from './listeners/deps';

/**
 * The Bolt app behind every receiver (Lambda, HTTP, Socket Mode), with every listener registered.
 * Its authorization is fixed: Bolt would otherwise call auth.test before acknowledging anything,
 * putting a Slack round trip (with the SDK's half-hour retries) in front of every ack.
 */
export function createGatewayApp(
  receiver: Receiver,
  options: GatewayDeps & { token: string; slackApiUrl: string },
): App {
  const app = new App({
    authorize: async () => ({ botToken: options.token }),
    receiver,
    clientOptions: { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 0 }, timeout: 2500 },
    logger: slackLogger(options.log),
    logLevel: LogLevel.WARN,
  });
  registerListeners(app, { ...options, dispatch: handOff(options, options.slackApiUrl) });
  return app;
}

/** A hand-off that fails after the ack must not turn into Slack's generic error: say so instead. */
function handOff(gateway: GatewayDeps, slackApiUrl: string): GatewayDeps['dispatch'] {
  return async (job) => {
    try {
      await gateway.dispatch(job);
    } catch (err) {
      gateway.log.error('could not hand the job to the worker', { job: job.kind, user: job.user, error: err });
      if (job.responseUrl) {
        const message = { text: ':warning: Lamplighter could not start that just now; please try again.' };
        await postToResponseUrl(job.responseUrl, message, slackApiUrl, fetch, 1000).catch(() => undefined);
      }
    }
  };
}
