import type { App } from '@slack/bolt';
import { INCIDENT_COMMANDS, parseIncidentCommand, USAGE } from '../../../features/incidents/commands';
import { LOGS_USAGE, parseLogsCommand } from '../../../features/logs/command';
import { formatUsage } from '../../../features/logs/format';
import type { SlackMessage } from '../../../kernel/slack/blocks';
import { notStartedText, type ListenerDeps } from './deps';

/** The command's text as one string: Slack sends one, a hand-made request may send none, or two. */
function textOf(command: { text?: unknown }): string {
  const t = command.text;
  if (typeof t === 'string') return t;
  return Array.isArray(t) && typeof t[0] === 'string' ? t[0] : '';
}

const usageAck = (usage: SlackMessage) =>
  ({ response_type: 'ephemeral', text: usage.text, ...(usage.blocks ? { blocks: usage.blocks } : {}) }) as never;

/** "⏳ Searching…" once the worker has the job; what happened instead when it could not be given it. */
const startedAck = (started: boolean, command: string, working: string) =>
  ({
    response_type: 'ephemeral',
    text: started ? `:hourglass_flowing_sand: ${working}` : notStartedText(`\`${command}\``),
  }) as const;

/**
 * The slash commands: a bad one is answered with its usage at once; a good one goes to the worker,
 * then is acknowledged (the hand-off is bounded well inside Slack's 3 seconds: worker-dispatch.ts).
 */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/logs', async ({ command, ack }) => {
    const now = deps.now();
    const text = textOf(command);
    const parsed = parseLogsCommand(text, now);
    if (!parsed.ok) {
      await ack(usageAck(formatUsage(parsed.error, LOGS_USAGE)));
      return;
    }
    const working = parsed.command.kind === 'groups' ? 'Listing log groups…' : 'Searching…';
    const started = await deps.start({
      kind: 'logs',
      text,
      user: command.user_id,
      channel: command.channel_id,
      responseUrl: command.response_url,
      requestedAt: now.toISOString(),
    });
    await ack(startedAck(started, '/logs', working));
  });

  for (const name of INCIDENT_COMMANDS) {
    app.command(name, async ({ command, ack }) => {
      const now = deps.now();
      const text = textOf(command);
      const parsed = parseIncidentCommand(name, text, now);
      if (!parsed.ok) {
        await ack(usageAck(formatUsage(parsed.error, USAGE[name])));
        return;
      }
      const started = await deps.start({
        kind: 'incident',
        command: name,
        text,
        user: command.user_id,
        channel: command.channel_id,
        responseUrl: command.response_url,
        requestedAt: now.toISOString(),
      });
      await ack(startedAck(started, name, 'Working on it…'));
    });
  }

  // A command this app does not answer (a renamed command, a hand-made request): its answer says
  // which ones it does, rather than Bolt's 404 and Slack's "failed with the error dispatch_failed".
  const known = ['/logs', ...INCIDENT_COMMANDS];
  const unknown = new RegExp(`^(?!(?:${known.map((c) => c.replace(/[^a-z0-9]/g, '\\$&')).join('|')})$)`);
  app.command(unknown, async ({ ack }) => {
    await ack({
      response_type: 'ephemeral',
      text: `Lamplighter answers ${known.map((c) => `\`${c}\``).join(', ')}; try \`/logs help\`.`,
    });
  });
}
