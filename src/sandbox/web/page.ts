import { escapeHtml } from './mrkdwn-html';
import type { SandboxChannel, SandboxUser } from './slack-requests';

/** The page's shell, server-rendered with the current channel's messages; the script keeps it live. */
export function pageHtml(p: {
  channels: SandboxChannel[];
  users: SandboxUser[];
  channel: SandboxChannel;
  user: SandboxUser;
  scenarios: Record<string, string>;
  messages: string;
  thread?: { ts: string; html: string };
}): string {
  const link = (c: SandboxChannel) =>
    `<a href="/?channel=${encodeURIComponent(c.id)}&amp;user=${encodeURIComponent(p.user.id)}" data-channel-link="${escapeHtml(c.id)}"${c.id === p.channel.id ? ' class="current"' : ''}># ${escapeHtml(c.name)}</a>`;
  const who = (u: SandboxUser) =>
    `<option value="${escapeHtml(u.id)}"${u.id === p.user.id ? ' selected' : ''}>${escapeHtml(u.name)} (${escapeHtml(u.role)})</option>`;
  const scenario = ([id, label]: [string, string]) =>
    `<button type="button" data-scenario="${escapeHtml(id)}">${escapeHtml(label)}</button>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lamplighter sandbox</title>
<link rel="stylesheet" href="/style.css">
</head><body data-channel="${escapeHtml(p.channel.id)}" data-user="${escapeHtml(p.user.id)}" data-open-thread="${escapeHtml(p.thread?.ts ?? '')}">
<header class="top"><h1>🏮 Lamplighter sandbox</h1>
<label>Acting as <select id="user">${p.users.map(who).join('')}</select></label>
<span>AWS = moto · Slack = the Slack test server · no accounts</span></header>
<div class="layout">
<nav class="side"><h2>Channels</h2>${p.channels.map(link).join('')}
<h2>Scenarios</h2><div class="scenarios">${Object.entries(p.scenarios).map(scenario).join('')}</div>
<div class="status" id="status" role="status"></div></nav>
<main class="channel"><h2># ${escapeHtml(p.channel.name)}</h2>
<div class="messages" id="messages">${p.messages}</div>
<form class="composer" id="composer" autocomplete="off"><input id="command" name="command" placeholder="/logs demo-api &quot;payment declined&quot; --since 1h" aria-label="Message"><button type="submit">Send</button></form>
<div class="hint">Slash commands: /logs, /alarms, /ack, /mute, /snapshot, /trail — sent signed, as Slack sends them.</div></main>
<aside class="thread" id="thread-pane"${p.thread ? '' : ' hidden'}><h2>Thread <button type="button" id="close-thread" aria-label="Close thread">×</button></h2>
<div class="messages" id="thread">${p.thread?.html ?? ''}</div></aside>
</div>
<dialog id="confirm"><div id="confirm-body"></div></dialog>
<script src="/client.js"></script>
</body></html>`;
}
