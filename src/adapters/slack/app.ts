import type { Receiver } from '@slack/bolt';
// Bolt's App from its own module, not the package index: the index also evaluates the Express
// receiver (Express, body-parser, iconv-lite, mime-db), which no receiver of ours uses, at every
// cold start of the Slack gateway. @slack/bolt has no `exports` map, so the deep path resolves
// the same under esbuild (scripts/build.mjs, sam build), tsc and jest.
import App, { LogLevel } from '@slack/bolt/dist/App';
import { slackLogger } from './bolt-logger';
import { registerListeners } from './listeners';
import type { Job } from '../../app/worker/job';
import { notStartedText, type GatewayDeps, type ListenerDeps } from './listeners/deps';
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
  registerListeners(app, { ...options, ...handOffs(options, options.slackApiUrl) });
  return app;
}

/**
 * The hand-offs the listeners use: a failed one never turns into Slack's generic error. A command
 * says so in its acknowledgement; a click has no acknowledgement text, so it is told in a message
 * of its own (never `replace_original`: a click's response_url belongs to the message the button
 * sat in, often an alarm in a channel, which a replacement would erase for everyone).
 */
function handOffs(gateway: GatewayDeps, slackApiUrl: string): Pick<ListenerDeps, 'start' | 'dispatch'> {
  const start = async (job: Job) => {
    try {
      await gateway.dispatch(job);
      return true;
    } catch (err) {
      gateway.log.error('could not hand the job to the worker', { job: job.kind, user: job.user, error: err });
      return false;
    }
  };
  const dispatch = async (job: Job) => {
    if ((await start(job)) || !job.responseUrl) return;
    const message = { text: notStartedText('that') };
    await postToResponseUrl(job.responseUrl, message, slackApiUrl, fetch, 1000).catch(() => undefined);
  };
  return { start, dispatch };
}
