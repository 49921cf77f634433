import { slackSignature } from '../sign';

/** A person in the sandbox's workspace: who the page acts as. */
export interface SandboxUser {
  id: string;
  name: string;
  role: 'operator' | 'responder' | 'viewer';
}

/** A channel the routing configuration names. */
export interface SandboxChannel {
  id: string;
  name: string;
}

/** A slash command's form body, as Slack posts it (text escaped: & < >). */
export function commandBody(f: {
  command: string;
  text: string;
  user: SandboxUser;
  channel: SandboxChannel;
  responseUrl: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0SANDBOX',
    team_domain: 'sandbox',
    channel_id: f.channel.id,
    channel_name: f.channel.name,
    user_id: f.user.id,
    user_name: f.user.name,
    command: f.command,
    text: f.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    api_app_id: 'A0LAMPLIT',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: `${Date.now()}.sandbox.trigger`,
  }).toString();
}

/** What was clicked: a button (value), a select or an overflow (selected option). */
export interface Click {
  kind: 'button' | 'static_select' | 'overflow';
  actionId: string;
  blockId: string;
  value: string;
  label: string;
}

/**
 * A `block_actions` form body as Slack posts it. On an ephemeral message Slack sends the
 * container only (no `message`); on a channel message, the message as it stands.
 */
export function blockActionsBody(f: {
  click: Click;
  user: SandboxUser;
  channel: SandboxChannel;
  responseUrl: string;
  messageTs: string;
  message?: { ts: string; text?: string; blocks?: unknown; attachments?: unknown };
}): string {
  const now = (Date.now() / 1000).toFixed(6);
  const { click } = f;
  const option = { text: { type: 'plain_text', text: click.label, emoji: true }, value: click.value };
  const action =
    click.kind === 'button'
      ? { type: 'button', text: option.text, value: click.value }
      : { type: click.kind, selected_option: option };
  const payload = {
    type: 'block_actions',
    user: { id: f.user.id, username: f.user.name, name: f.user.name, team_id: 'T0SANDBOX' },
    api_app_id: 'A0LAMPLIT',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: f.messageTs, channel_id: f.channel.id, is_ephemeral: !f.message },
    trigger_id: `${Date.now()}.sandbox.trigger`,
    team: { id: 'T0SANDBOX', domain: 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: f.channel.id, name: f.channel.name },
    ...(f.message ? { message: { type: 'message', bot_id: 'B0LAMPLIT', user: 'U0LAMPLIT', ...f.message } } : {}),
    state: { values: {} },
    response_url: f.responseUrl,
    actions: [{ ...action, action_id: click.actionId, block_id: click.blockId, action_ts: now }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Posts a body to serve's /slack/events, signed with the signing secret; the HTTP answer. */
export async function postSigned(url: string, secret: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(secret, body) },
    body,
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
