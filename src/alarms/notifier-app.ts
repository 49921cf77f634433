import type { NotifierAws } from '../aws/clients';
import { type Env, loadNotifierConfig, type NotifierConfig } from '../config';
import { deliveriesFrom } from '../events/notification';
import type { Logger } from '../log';
import type { SlackPort } from '../slack/port';
import type { MetricGraphSource } from './metric-widget';
import { notify, type Outcome } from './notifier';

export interface NotifierAppParts {
  aws: NotifierAws;
  slackFor: (token: string, config: NotifierConfig) => SlackPort;
  /** Overrides the graph source (moto has no GetMetricWidgetImage). */
  graphs?: MetricGraphSource;
  log: Logger;
  now?: () => Date;
}

export interface NotifierApp {
  config: NotifierConfig;
  /** Handles a Lambda SNS event (or anything else, as a generic message). Throws if any record failed. */
  handle(event: unknown, deadline: number): Promise<Outcome[]>;
}

/** Slack answers that mean the token we hold is no longer good: read the secret again next time. */
const STALE_TOKEN = new Set(['slack_invalid_auth', 'slack_token_revoked', 'slack_token_expired', 'slack_account_inactive']);

/**
 * Wires the notifier once, at cold start: the configuration is checked here (a bad entry throws,
 * by name), and the Slack token is fetched now and reused by every invocation. A failed read, or
 * a token Slack refuses, is forgotten, so a fixed or rotated secret is picked up without a deploy.
 */
export function createNotifierApp(env: Env, parts: NotifierAppParts): NotifierApp {
  const config = loadNotifierConfig(env);
  const tokenSource = config.slackToken;
  let slack: Promise<SlackPort> | undefined;
  const slackPort = (): Promise<SlackPort> => {
    slack ??= (tokenSource.kind === 'plain' ? Promise.resolve(tokenSource.token) : parts.aws.readSlackToken(tokenSource.secretId)).then(
      (token) => parts.slackFor(token, config),
      (err: unknown) => {
        slack = undefined;
        throw err;
      },
    );
    return slack;
  };
  // Start reading the secret during init; a failure surfaces on the invocation that needs it.
  slackPort().catch(() => undefined);

  return {
    config,
    async handle(event, deadline) {
      const port = await slackPort();
      const outcomes: Outcome[] = [];
      const failures: unknown[] = [];
      for (const delivery of deliveriesFrom(event)) {
        try {
          outcomes.push(
            await notify(
              delivery,
              {
                slack: port,
                incidents: parts.aws.state,
                journal: parts.aws.state,
                logs: config.logLines > 0 ? parts.aws.logExcerpts : undefined,
                graphs: config.graphsEnabled ? (parts.graphs ?? parts.aws.metricGraphs) : undefined,
                routes: config.routes,
                defaultChannel: config.defaultChannel,
                flapWindowMs: config.flapWindowMs,
                logLines: config.logLines,
                now: parts.now ?? (() => new Date()),
                log: parts.log,
              },
              { deadline: () => deadline },
            ),
          );
        } catch (err) {
          if (STALE_TOKEN.has((err as { code?: string }).code ?? '')) slack = undefined;
          failures.push(err);
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of the event's records failed`);
      return outcomes;
    },
  };
}
