import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { STORM_ACTIONS } from '../../../features/alarms/format-storm';
import { messageOf, requestedBy, type GatewayDeps } from './deps';

/** The storm a click on a storm message is about: its Acknowledge all button carries the storm's id. */
function stormIdOf(body: BlockAction): string | undefined {
  for (const block of (messageOf(body)?.blocks ?? []) as Array<{
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    const button = block.elements?.find((e) => e.action_id === STORM_ACTIONS.acknowledgeAll);
    if (button?.value) return button.value;
  }
  return undefined;
}

/** Acknowledge all and Mute all… on a storm message: each runs its use case in the worker. */
export function registerStormButtons(app: App, deps: GatewayDeps): void {
  app.action<BlockAction<ButtonAction>>(STORM_ACTIONS.acknowledgeAll, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'storm-ack', storm: action.value ?? '', ...requestedBy(body, deps.now()) });
  });

  app.action<BlockAction<StaticSelectAction>>(STORM_ACTIONS.muteAll, async ({ ack, body, action, respond }) => {
    await ack();
    const storm = stormIdOf(body);
    if (!storm) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This message does not say which storm it is about; mute its alarms from their own messages.',
      });
      return;
    }
    await deps.dispatch({
      kind: 'storm-mute',
      storm,
      duration: action.selected_option.value,
      ...requestedBy(body, deps.now()),
    });
  });
}
