import type { App } from '@slack/bolt';
import { ALARM_ACTIONS } from '../../../features/alarms/format';
import { STORM_ACTIONS } from '../../../features/alarms/format-storm';
import { SNAPSHOT_ACTIONS } from '../../../features/snapshots/format';
import { ANOMALY_ACTIONS } from '../../../features/spend/anomaly-feedback';
import { SPEND_ACTIONS } from '../../../features/spend/format';
import { registerAlarmButtons } from './alarm-buttons';
import { registerCommands } from './commands';
import type { ListenerDeps } from './deps';
import { registerRetries } from './retries';
import { registerSnapshotButtons } from './snapshot-buttons';
import { registerSpendButtons } from './spend-buttons';
import { registerStormButtons } from './storm-buttons';

/** Buttons that only open a link: acknowledged, so Slack shows no error, and nothing else. */
const LINK_BUTTONS = [
  ALARM_ACTIONS.openConsole,
  ALARM_ACTIONS.runbook,
  SPEND_ACTIONS.openConsole,
  'security_open_event',
  'budget_open_console',
  'anomaly_open_console',
];

/**
 * Registers every listener, one file each. Each acknowledges Slack at once (a usage error is
 * the acknowledgement itself) and hands anything slow to the worker; nothing here calls AWS.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerRetries(app, deps);
  registerCommands(app, deps);
  registerAlarmButtons(app, deps);
  registerStormButtons(app, deps);
  registerSpendButtons(app, deps);
  registerSnapshotButtons(app, deps);
  for (const id of LINK_BUTTONS) app.action(id, async ({ ack }) => ack());
  // Any other button (from a message an older version posted, or a forged id): acknowledged, so
  // Slack shows no error and Bolt answers 200 rather than 404, and nothing is done.
  const known = [
    ...Object.values(ALARM_ACTIONS),
    ...Object.values(STORM_ACTIONS),
    ...Object.values(SPEND_ACTIONS),
    ...Object.values(ANOMALY_ACTIONS),
    ...Object.values(SNAPSHOT_ACTIONS),
    ...LINK_BUTTONS,
  ];
  const unknown = new RegExp(`^(?!(?:${known.map((id) => id.replace(/[^a-z0-9_]/g, '\\$&')).join('|')})$)`);
  app.action(unknown, async ({ ack, action, body }) => {
    await ack();
    deps.log.warn('a click on a button Lamplighter does not know', {
      actionId: String((action as { action_id?: unknown }).action_id).slice(0, 100),
      user: body.user?.id,
    });
  });
}
