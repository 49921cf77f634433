import { createResourceChecker } from '../../adapters/aws/resource-checker';
import { createSlackAppAws } from '../../adapters/aws/slack-app-aws';
import { createSlackClient } from '../../adapters/slack/web-api';
import { sweep } from '../../app/sweeper';
import type { Env } from '../../config/env';
import { loadSlackAppConfig } from '../../config/slack-app';
import type { Logger } from '../../kernel/log';
import type { Lambdas } from './lambdas';

/** How often the sandbox runs what EventBridge schedules run every minute in AWS: quicker, to watch. */
const EVERY_MS = 15_000;

/**
 * The scheduled passes, in-process: the notifier's drain (what a storm or a channel's budget
 * deferred) and the sweeper (mute expiry, reminders, escalation, snapshot progress), as
 * handlers/sweeper.ts runs it.
 */
export function startSchedules(env: Env, lambdas: Lambdas, log: Logger) {
  const config = loadSlackAppConfig(env);
  const aws = createSlackAppAws(env.TABLE_NAME ?? '');
  const slack = createSlackClient({
    token: env.SLACK_BOT_TOKEN ?? '',
    apiUrl: config.slackApiUrl,
    timeoutMs: config.slackTimeoutMs,
    log,
  });
  const resources = createResourceChecker();
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    lambdas.drain();
    running = running
      .then(() =>
        sweep({
          stores: aws.stores!,
          alarms: aws.alarms,
          resources,
          ec2: aws.ec2,
          region: config.region,
          slack,
          escalateAfterMs: config.escalateAfterMs,
          ...(config.oncallGroupId ? { oncallGroupId: config.oncallGroupId } : {}),
          ...(config.defaultChannel ? { defaultChannel: config.defaultChannel } : {}),
          now: () => new Date(),
          deadline: () => Date.now() + EVERY_MS,
          log,
        }),
      )
      .catch((err: unknown) => log.warn('the sandbox sweep failed; the next pass retries', { error: err }));
  };
  const timer = setInterval(tick, EVERY_MS);
  timer.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
