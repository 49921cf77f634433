import type { StateAws } from '../aws/state-clients';
import { type CostGuardConfig, type Env, loadCostGuardConfig } from '../config';
import { createSlackProvider, eachOrThrow } from '../delivery/slack-provider';
import { deliveriesFrom } from '../events/notification';
import type { Logger } from '../log';
import type { SlackPort } from '../slack/port';
import { guard, type CostOutcome } from './cost-guard';
import { DEFAULT_WATCHLIST } from './estimate';

export interface CostGuardAppParts {
  aws: StateAws;
  slackFor: (token: string, config: CostGuardConfig) => SlackPort;
  log: Logger;
  now?: () => Date;
}

export interface CostGuardApp {
  config: CostGuardConfig;
  /** Handles a Lambda SNS event or a bare EventBridge event. Throws if any record failed. */
  handle(event: unknown, deadline: number): Promise<CostOutcome[]>;
}

/** Wires the cost guard once, at cold start; a bad configuration throws here, naming the entry. */
export function createCostGuardApp(env: Env, parts: CostGuardAppParts): CostGuardApp {
  const config = loadCostGuardConfig(env, DEFAULT_WATCHLIST);
  const slack = createSlackProvider(config.slackToken, parts.aws.readSlackToken, (token) =>
    parts.slackFor(token, config),
  );
  return {
    config,
    async handle(event, deadline) {
      const deps = {
        slack: await slack.get(),
        journal: parts.aws.state,
        groups: parts.aws.state,
        rules: {
          watchlist: config.watchlist,
          policy: config.policy,
          failedCalls: config.failedCalls,
          securityWatch: config.securityWatch,
        },
        routes: config.routes,
        defaultChannel: config.defaultChannel,
        groupWindowMs: config.groupWindowMs,
        now: parts.now ?? (() => new Date()),
        log: parts.log,
      };
      return eachOrThrow(
        deliveriesFrom(event),
        (delivery) => guard(delivery, deps, { deadline: () => deadline }),
        slack.failed,
      );
    },
  };
}
