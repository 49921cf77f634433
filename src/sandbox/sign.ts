import { createHmac } from 'node:crypto';

/** Headers for a request signed the way Slack signs it: v0=HMAC-SHA256("v0:{ts}:{body}"). */
export function slackSignature(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

/** A slash command's form body, as Slack posts it (text escaped: & < >). */
export function slashCommandBody(fields: {
  command: string;
  text: string;
  responseUrl: string;
  user?: string;
  channel?: string;
}): string {
  const text = fields.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0SANDBOX',
    team_domain: 'sandbox',
    channel_id: fields.channel ?? 'C0DEVS0001',
    channel_name: 'devs',
    user_id: fields.user ?? 'U0ALICE001',
    user_name: 'alice',
    command: fields.command,
    text,
    api_app_id: 'A0LAMPLIT',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
}

/** A block_actions click's form body: a button (value) or a select (selected), with the message it was on. */
export function buttonBody(fields: {
  actionId: string;
  value?: string;
  selected?: string;
  responseUrl: string;
  user?: string;
  channel?: string;
  message?: { ts: string; attachments?: unknown; blocks?: unknown };
}): string {
  const payload = {
    type: 'block_actions',
    user: { id: fields.user ?? 'U0ALICE001', username: 'alice', team_id: 'T0SANDBOX' },
    api_app_id: 'A0LAMPLIT',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: fields.message?.ts ?? '1795820171.000001',
      channel_id: fields.channel ?? 'C0ALERTS01',
      is_ephemeral: false,
    },
    ...(fields.message ? { message: { type: 'message', ...fields.message } } : {}),
    trigger_id: `${Date.now()}.trigger`,
    team: { id: 'T0SANDBOX', domain: 'sandbox' },
    channel: { id: fields.channel ?? 'C0ALERTS01', name: 'alerts' },
    response_url: fields.responseUrl,
    actions: [
      fields.selected !== undefined
        ? {
            action_id: fields.actionId,
            block_id: 'alarm_actions',
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: fields.selected }, value: fields.selected },
            action_ts: '1795820200.000100',
          }
        : {
            action_id: fields.actionId,
            block_id: 'alarm_actions',
            text: { type: 'plain_text', text: 'Button' },
            value: fields.value,
            type: 'button',
            action_ts: '1795820200.000100',
          },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
