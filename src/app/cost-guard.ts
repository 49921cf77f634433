import { createAccountDirectory } from '../adapters/aws/organizations';
import type { CostGuardAws } from '../adapters/aws/cost-guard-aws';
import { type CostGuardConfig, loadCostGuardConfig } from '../config/cost-guard';
import { type Env } from '../config/env';
import { createSlackProvider, eachOrThrow } from '../kernel/delivery/slack-provider';
import { deliveriesFrom } from '../kernel/envelopes/sns';
import type { Logger } from '../kernel/log';
import type { SlackPort } from '../kernel/slack/port';
import { guard, type CostOutcome } from '../features/spend/guard';
import { DEFAULT_WATCHLIST } from '../features/spend/estimate';
import { livePriceSource } from '../features/spend/prices/live';
import { snapshotSource } from '../features/spend/prices/snapshot';

export interface CostGuardAppParts {
  aws: CostGuardAws;
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
  // One source for the container's life: its cache of what AWS said, and of what it logged.
  const prices = config.priceListApi
    ? livePriceSource({
        api: parts.aws.priceList,
        cache: parts.aws.stores.prices,
        timeoutMs: config.priceTimeoutMs,
        ...(parts.now ? { now: parts.now } : {}),
        log: parts.log,
      })
    : snapshotSource();
  const accounts = createAccountDirectory(config.accountNames, config.accountNamesFromOrganizations, parts.log);
  return {
    config,
    async handle(event, deadline) {
      const deps = {
        slack: await slack.get(),
        journal: parts.aws.stores.journal,
        groups: parts.aws.stores.spend,
        prices,
        facts: parts.aws.facts,
        rules: {
          watchlist: config.watchlist,
          policy: config.policy,
          failedCalls: config.failedCalls,
          securityWatch: config.securityWatch,
        },
        routes: config.routes,
        defaultChannel: config.defaultChannel,
        groupWindowMs: config.groupWindowMs,
        accounts,
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
