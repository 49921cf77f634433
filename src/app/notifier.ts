import type { NotifierAws } from '../adapters/aws/notifier-aws';
import { createAccountDirectory } from '../adapters/aws/organizations';
import { type Env } from '../config/env';
import { loadNotifierConfig, type NotifierConfig } from '../config/notifier';
import { deliveriesFrom } from '../kernel/envelopes/sns';
import type { Logger } from '../kernel/log';
import type { SlackPort } from '../kernel/slack/port';
import type { MetricGraphSource } from '../features/alarms/metric-widget';
import type { TrailPort } from '../features/trail/port';
import type { AlarmTagsSource } from '../features/alarms/tags';
import { adoptNamedFlow } from '../features/alarms/adopt-named';
import { settleChannel } from '../features/alarms/settle';
import { deliver, type Outcome } from './deliver';
import { createSlackProvider, eachOrThrow } from '../kernel/delivery/slack-provider';
import { isChannelId } from '../kernel/slack/channels';

export interface NotifierAppParts {
  aws: NotifierAws;
  slackFor: (token: string, config: NotifierConfig) => SlackPort;
  /** Overrides the graph source (moto has no GetMetricWidgetImage). */
  graphs?: MetricGraphSource;
  /** Overrides the alarms' tags (tests count the reads). */
  tags?: AlarmTagsSource;
  /** Overrides CloudTrail (moto has no LookupEvents). */
  trail?: TrailPort;
  log: Logger;
  now?: () => Date;
  /** How an invocation waits out the update budget to show its change (a test's clock may stand still). */
  sleep?: (ms: number) => Promise<void>;
}

export interface NotifierApp {
  config: NotifierConfig;
  /**
   * Handles a Lambda SNS event (or anything else, as a generic message). Throws if any record
   * failed. The scheduled `{"lamplighter":"drain"}` event does what channels are still owed.
   */
  handle(event: unknown, deadline: number): Promise<Outcome[]>;
}

/**
 * Wires the notifier once, at cold start: the configuration is checked here (a bad entry throws,
 * by name), and the Slack token is fetched now and reused by every invocation.
 */
export function createNotifierApp(env: Env, parts: NotifierAppParts): NotifierApp {
  const config = loadNotifierConfig(env);
  const slack = createSlackProvider(config.slackToken, parts.aws.readSlackToken, (token) =>
    parts.slackFor(token, config),
  );

  const accounts = createAccountDirectory(config.accountNames, config.accountNamesFromOrganizations, parts.log);

  return {
    config,
    async handle(event, deadline) {
      const port = await slack.get();
      const deps = {
        slack: port,
        incidents: parts.aws.stores.incidents,
        flows: parts.aws.stores.flows,
        queue: parts.aws.stores.queue,
        budget: parts.aws.stores.updateBudget,
        locks: parts.aws.stores.locks,
        ...(parts.sleep ? { sleep: parts.sleep } : {}),
        eventMessages: parts.aws.stores.eventMessages,
        // A spend warning that reached the alarm topic keeps its details for "Remind me in 24h".
        spendInfo: parts.aws.stores.spend,
        flow: config.flow,
        journal: parts.aws.stores.journal,
        mutes: parts.aws.stores.mutes,
        logs: config.logLines > 0 ? parts.aws.logExcerpts : undefined,
        graphs: config.graphsEnabled ? (parts.graphs ?? parts.aws.metricGraphs) : undefined,
        accounts,
        tags: config.alarmTags ? (parts.tags ?? parts.aws.alarmTags) : undefined,
        changes:
          config.whatChangedMs !== undefined
            ? { trail: parts.trail ?? parts.aws.trail, timeoutMs: config.whatChangedMs }
            : undefined,
        routes: config.routes,
        defaultChannel: config.defaultChannel,
        flapWindowMs: config.flapWindowMs,
        logLines: config.logLines,
        now: parts.now ?? (() => new Date()),
        log: parts.log,
      };
      if (isDrainTick(event)) {
        // Flows filed under a channel's name by an older release join the id's flow first.
        for (const name of await deps.flows.listNamed())
          await adoptNamedFlow(name, { ...deps, deadline: () => deadline }).catch((err: unknown) =>
            parts.log.warn('could not adopt a flow filed under a channel name; the next pass will', {
              name,
              error: err,
            }),
          );
        // One still under a name (its adoption failed) waits for it: Slack edits nothing by name.
        // Channels at once, each within its budget: a slow one holds up no other. What is left
        // waits for the next pass (a minute).
        const channels = new Set([...(await deps.flows.listOwing()), ...(await deps.queue.channels())]);
        await Promise.all(
          [...channels].filter(isChannelId).map((channel) =>
            settleChannel(channel, deps, { deadline: () => deadline }).catch((err: unknown) =>
              parts.log.warn('the channel is owed more than Slack took; the rest waits for the next pass', {
                channel,
                error: err,
              }),
            ),
          ),
        );
        return [];
      }
      return eachOrThrow(
        deliveriesFrom(event),
        (delivery) => deliver(delivery, deps, { deadline: () => deadline }),
        slack.failed,
      );
    },
  };
}

/** The scheduled pass's event (template.yaml gives it this input). */
const isDrainTick = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { lamplighter?: unknown }).lamplighter === 'drain';
