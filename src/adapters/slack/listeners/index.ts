import type { App } from '@slack/bolt';
import { ALARM_ACTIONS } from '../../../features/alarms/format';
import { SPEND_ACTIONS } from '../../../features/spend/format';
import { registerAlarmButtons } from './alarm-buttons';
import { registerCommands } from './commands';
import type { GatewayDeps } from './deps';
import { registerRetries } from './retries';
import { registerSnapshotButtons } from './snapshot-buttons';
import { registerSpendButtons } from './spend-buttons';

/** Buttons that only open a link: acknowledged, so Slack shows no error, and nothing else. */
const LINK_BUTTONS = [
  ALARM_ACTIONS.openConsole,
  SPEND_ACTIONS.openConsole,
  'security_open_event',
  'budget_open_console',
  'anomaly_open_console',
];

/**
 * Registers every listener, one file each. Each acknowledges Slack at once (a usage error is
 * the acknowledgement itself) and hands anything slow to the worker; nothing here calls AWS.
 */
export function registerListeners(app: App, deps: GatewayDeps): void {
  registerRetries(app, deps);
  registerCommands(app, deps);
  registerAlarmButtons(app, deps);
  registerSpendButtons(app, deps);
  registerSnapshotButtons(app, deps);
  for (const id of LINK_BUTTONS) app.action(id, async ({ ack }) => ack());
}
