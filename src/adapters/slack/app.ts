import {
  App,
  LogLevel,
  type BlockAction,
  type ButtonAction,
  type Receiver,
  type StaticSelectAction,
} from '@slack/bolt';
import { parseIncidentCommand, USAGE } from '../../features/incidents/commands';
import { LOGS_USAGE, parseLogsCommand } from '../../features/logs/command';
import { INCIDENT_COMMANDS, type Job } from '../../app/worker/jobs';
import type { Logger } from '../../kernel/log';
import { ALARM_ACTIONS } from '../../features/alarms/format';
import { SPEND_ACTIONS } from '../../features/spend/format';
import { formatUsage } from '../../features/logs/format';
import { SNAPSHOT_ACTIONS } from '../../features/snapshots/format';
import { postToResponseUrl } from './response-url';

export interface GatewayDeps {
  /** Hands slow work to the worker: an async Lambda invoke, or in-process for `serve`. */
  dispatch: (job: Job) => Promise<void>;
  now: () => Date;
  log: Logger;
}

/** The message a click was on, as Slack sends it back with the click. */
function messageOf(
  body: BlockAction,
): { ts?: string; blocks?: unknown[]; attachments?: Array<{ blocks?: unknown[] }> } | undefined {
  return (body as { message?: { ts?: string; blocks?: unknown[]; attachments?: Array<{ blocks?: unknown[] }> } })
    .message;
}

/** The alarm a click on an alarm message is about: our Show logs button carries its key. */
function alarmKeyOf(body: BlockAction): string | undefined {
  const message = messageOf(body);
  const blocks = [...(message?.blocks ?? []), ...(message?.attachments ?? []).flatMap((a) => a.blocks ?? [])];
  for (const block of blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
    const button = block.elements?.find((e) => e.action_id === ALARM_ACTIONS.showLogs);
    if (button?.value) return button.value;
  }
  return undefined;
}

const quote = (value: string) => `"${value.replace(/"/g, '')}"`;
const LINK_BUTTONS = [
  ALARM_ACTIONS.openConsole,
  SPEND_ACTIONS.openConsole,
  'security_open_event',
  'budget_open_console',
  'anomaly_open_console',
];

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
    logLevel: LogLevel.WARN,
  });
  registerGateway(app, options, options.slackApiUrl);
  return app;
}

/**
 * Registers every listener. Each acknowledges Slack at once (a usage error is the
 * acknowledgement itself) and hands anything slow to the worker; nothing here calls AWS.
 */
export function registerGateway(app: App, gateway: GatewayDeps, slackApiUrl: string): void {
  // A hand-off that fails after the ack must not turn into Slack's generic error: say so instead.
  const deps: GatewayDeps = {
    ...gateway,
    dispatch: async (job) => {
      try {
        await gateway.dispatch(job);
      } catch (err) {
        gateway.log.error('could not hand the job to the worker', { job: job.kind, user: job.user, error: err });
        if (job.responseUrl) {
          await postToResponseUrl(
            job.responseUrl,
            { text: ':warning: Lamplighter could not start that just now; please try again.' },
            slackApiUrl,
            fetch,
            1000,
          ).catch(() => undefined);
        }
      }
    },
  };
  // Slack retries a request it thinks timed out; the first delivery already did the work.
  /** Who clicked, where, and where to answer: from Slack's signed request, never from a value. */
  const from = (body: BlockAction) => ({
    user: body.user.id,
    channel: body.channel?.id ?? body.user.id,
    responseUrl: body.response_url,
    requestedAt: deps.now().toISOString(),
  });

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
      await ack({
        response_type: 'ephemeral',
        text: usage.text,
        ...(usage.blocks ? { blocks: usage.blocks } : {}),
      } as never);
      return;
    }
    await ack({
      response_type: 'ephemeral',
      text:
        parsed.command.kind === 'groups'
          ? ':hourglass_flowing_sand: Listing log groups…'
          : ':hourglass_flowing_sand: Searching…',
    });
    await deps.dispatch({
      kind: 'logs',
      text: command.text,
      user: command.user_id,
      channel: command.channel_id,
      responseUrl: command.response_url,
      requestedAt: now.toISOString(),
    });
  });

  for (const name of INCIDENT_COMMANDS) {
    app.command(name, async ({ command, ack }) => {
      const now = deps.now();
      const parsed = parseIncidentCommand(name, command.text, now);
      if (!parsed.ok) {
        const usage = formatUsage(parsed.error, USAGE[name] ?? '');
        await ack({
          response_type: 'ephemeral',
          text: usage.text,
          ...(usage.blocks ? { blocks: usage.blocks } : {}),
        } as never);
        return;
      }
      await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Working on it…' });
      await deps.dispatch({
        kind: 'incident',
        command: name,
        text: command.text,
        user: command.user_id,
        channel: command.channel_id,
        responseUrl: command.response_url,
        requestedAt: now.toISOString(),
      });
    });
  }

  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.acknowledge, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({
      kind: 'incident',
      command: '/ack',
      text: quote(action.value ?? ''),
      ...from(body),
    });
  });

  app.action<BlockAction<StaticSelectAction>>(ALARM_ACTIONS.mute, async ({ ack, body, action, respond }) => {
    await ack();
    const key = alarmKeyOf(body);
    if (!key) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This message does not say which alarm it is about; use `/mute ALARM 1h`.',
      });
      return;
    }
    await deps.dispatch({
      kind: 'incident',
      command: '/mute',
      text: `${quote(key)} ${action.selected_option.value}`,
      ...from(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(SPEND_ACTIONS.expected, async ({ ack, body, action }) => {
    await ack();
    const message = messageOf(body);
    await deps.dispatch({
      kind: 'spend-expected',
      eventId: action.value ?? '',
      messageTs: message?.ts ?? body.container?.message_ts,
      attachments: message?.attachments,
      ...from(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(SNAPSHOT_ACTIONS.confirm, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'snapshot-confirm', request: action.value ?? '', ...from(body) });
  });

  app.action<BlockAction<ButtonAction>>(SNAPSHOT_ACTIONS.cancel, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'snapshot-cancel', target: action.value ?? '', ...from(body) });
  });

  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.showLogs, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({
      kind: 'show-logs',
      alarmKey: action.value ?? '',
      ...from(body),
    });
  });

  app.action<BlockAction<ButtonAction>>(SPEND_ACTIONS.remind, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({
      kind: 'spend-remind',
      reminder: action.value ?? '',
      messageTs: messageOf(body)?.ts ?? body.container?.message_ts,
      ...from(body),
    });
  });
  for (const id of LINK_BUTTONS) app.action(id, async ({ ack }) => ack());
}
