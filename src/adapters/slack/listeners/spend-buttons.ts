import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ANOMALY_ACTIONS } from '../../../features/spend/anomaly-feedback';
import { SPEND_ACTIONS } from '../../../features/spend/format';
import { messageOf, requestedBy, type GatewayDeps } from './deps';

/** Expected and Remind me in 24h on a spend warning; Expected, Not an issue and Investigating on a cost anomaly. */
export function registerSpendButtons(app: App, deps: GatewayDeps): void {
  app.action<BlockAction<ButtonAction>>(SPEND_ACTIONS.expected, async ({ ack, body, action }) => {
    await ack();
    const message = messageOf(body);
    await deps.dispatch({
      kind: 'spend-expected',
      eventId: action.value ?? '',
      messageTs: message?.ts ?? body.container?.message_ts,
      attachments: message?.attachments,
      ...requestedBy(body, deps.now()),
    });
  });

  app.action<BlockAction<ButtonAction>>(SPEND_ACTIONS.remind, async ({ ack, body, action }) => {
    await ack();
    await deps.dispatch({
      kind: 'spend-remind',
      reminder: action.value ?? '',
      messageTs: messageOf(body)?.ts ?? body.container?.message_ts,
      ...requestedBy(body, deps.now()),
    });
  });

  for (const actionId of Object.values(ANOMALY_ACTIONS))
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const message = messageOf(body);
      await deps.dispatch({
        kind: 'anomaly-feedback',
        actionId,
        anomalyId: action.value ?? '',
        messageTs: message?.ts ?? body.container?.message_ts,
        attachments: message?.attachments,
        ...requestedBy(body, deps.now()),
      });
    });
}
