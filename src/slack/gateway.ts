import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { LOGS_USAGE, parseLogsCommand } from '../commands/logs-command';
import type { Job } from '../commands/jobs';
import type { Logger } from '../log';
import { ALARM_ACTIONS } from '../messages/alarm-message';
import { SPEND_ACTIONS } from '../messages/cost-message';
import { formatUsage } from '../messages/logs-message';

export interface GatewayDeps {
  /** Hands slow work to the worker: an async Lambda invoke, or in-process for `serve`. */
  dispatch: (job: Job) => Promise<void>;
  now: () => Date;
  log: Logger;
}

/** Not wired yet (the incident-actions issue): say so instead of silently doing nothing. */
const LATER = [ALARM_ACTIONS.acknowledge, ALARM_ACTIONS.mute, SPEND_ACTIONS.expected, SPEND_ACTIONS.remind];
const LINK_BUTTONS = [ALARM_ACTIONS.openConsole, SPEND_ACTIONS.openConsole, 'security_open_event', 'budget_open_console', 'anomaly_open_console'];

/**
 * Registers every listener. Each acknowledges Slack at once (a usage error is the
 * acknowledgement itself) and hands anything slow to the worker; nothing here calls AWS.
 */
export function registerGateway(app: App, deps: GatewayDeps): void {
  // Slack retries a request it thinks timed out; the first delivery already did the work.
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

  app.command('/logs', async ({ command, ack }) => {
    const now = deps.now();
    const parsed = parseLogsCommand(command.text, now);
    if (!parsed.ok) {
      const usage = formatUsage(parsed.error, LOGS_USAGE);
      await ack({ response_type: 'ephemeral', text: usage.text, ...(usage.blocks ? { blocks: usage.blocks } : {}) } as never);
      return;
    }
    await ack({ response_type: 'ephemeral', text: parsed.command.kind === 'groups' ? ':hourglass_flowing_sand: Listing log groups…' : ':hourglass_flowing_sand: Searching…' });
    await deps.dispatch({
      kind: 'logs',
      text: command.text,
      user: command.user_id,
      channel: command.channel_id,
      responseUrl: command.response_url,
      requestedAt: now.toISOString(),
    });
  });

  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.showLogs, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({
      kind: 'show-logs',
      alarmKey: action.value ?? '',
      user: body.user.id,
      channel: body.channel?.id ?? body.user.id,
      responseUrl: body.response_url,
      requestedAt: deps.now().toISOString(),
    });
  });

  for (const id of LATER) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That button is not wired up yet: acknowledging, muting and reminders come with the incident-actions release.' });
    });
  }
  for (const id of LINK_BUTTONS) app.action(id, async ({ ack }) => ack());
}
