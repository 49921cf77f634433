import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { ALARM_ACTIONS } from '../../../features/alarms/format';
import { messageOf, requestedBy, type GatewayDeps } from './deps';

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

/** Acknowledge, Mute…, Show logs and What changed on an alarm message: each runs its use case in the worker. */
export function registerAlarmButtons(app: App, deps: GatewayDeps): void {
  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.acknowledge, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'alarm-ack', alarmKey: action.value ?? '', ...requestedBy(body, deps.now()) });
  });

  app.action<BlockAction<StaticSelectAction>>(ALARM_ACTIONS.mute, async ({ ack, body, action, respond }) => {
    await ack();
    const key = alarmKeyOf(body);
    if (!key) {
      // A click without a response_url (never Slack's own) has nowhere to be answered.
      await respond?.({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This message does not say which alarm it is about; use `/mute ALARM 1h`.',
      });
      return;
    }
    await deps.dispatch({
      kind: 'alarm-mute',
      alarmKey: key,
      duration: action.selected_option.value,
      ...requestedBy(body, deps.now()),
    });
  });

  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.showLogs, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'show-logs', alarmKey: action.value ?? '', ...requestedBy(body, deps.now()) });
  });

  app.action<BlockAction<ButtonAction>>(ALARM_ACTIONS.whatChanged, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'alarm-changes', alarmKey: action.value ?? '', ...requestedBy(body, deps.now()) });
  });
}
