import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { SNAPSHOT_ACTIONS } from '../../../features/snapshots/format';
import { requestedBy, type GatewayDeps } from './deps';

/** Confirm and Cancel on a `/snapshot` preview. */
export function registerSnapshotButtons(app: App, deps: GatewayDeps): void {
  app.action<BlockAction<ButtonAction>>(SNAPSHOT_ACTIONS.confirm, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'snapshot-confirm', request: action.value ?? '', ...requestedBy(body, deps.now()) });
  });

  app.action<BlockAction<ButtonAction>>(SNAPSHOT_ACTIONS.cancel, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({ kind: 'snapshot-cancel', target: action.value ?? '', ...requestedBy(body, deps.now()) });
  });
}
