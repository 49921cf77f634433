import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxAws } from '../../adapters/aws/sandbox-aws';
import type { Logger } from '../../kernel/log';
import type { SlackApiServer } from '../slack-api';
import type { Lambdas } from './lambdas';
import { pageHtml } from './page';
import { refuseRequest } from './request-guard';
import { runScenario, SCENARIOS, type Scenario } from './scenarios';
import {
  blockActionsBody,
  commandBody,
  postSigned,
  type Click,
  type SandboxChannel,
  type SandboxUser,
} from './slack-requests';
import { STYLE } from './style';
import type { ScenarioTrail } from './trail';
import type { View } from './view';

export interface PageServerOptions {
  slack: SlackApiServer;
  view: View;
  lambdas: Lambdas;
  aws: SandboxAws;
  trail?: ScenarioTrail;
  /** serve's POST /slack/events. */
  eventsUrl: string;
  signingSecret: string;
  users: SandboxUser[];
  channels: SandboxChannel[];
  /** The repository root (fixtures are the scenarios' templates). */
  root: string;
  /** The bundled page script (scripts/build.mjs writes it). */
  clientJs: string;
  port: number;
  log: Logger;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'";

/**
 * The sandbox page's server: the page, its live views of the Slack test server, and the requests a
 * person makes from it — slash commands and clicks signed as Slack signs them and posted to serve,
 * scenarios published to moto's SNS. It is also the http endpoint moto's SNS topics deliver to.
 */
export async function startPageServer(o: PageServerOptions) {
  const userOf = (id: unknown) => o.users.find((u) => u.id === id) ?? o.users[0]!;
  const channelOf = (id: unknown) => o.channels.find((c) => c.id === id) ?? o.channels[0]!;

  async function command(user: SandboxUser, channel: SandboxChannel, text: string) {
    const [name = '', ...rest] = text.trim().split(/\s+/);
    if (!name.startsWith('/'))
      return o.view.ack(channel.id, user.id, { text: 'The sandbox sends slash commands: try `/logs demo-api ERROR`.' });
    const responseUrl = o.slack.responseUrl();
    const id = responseUrl.split('/').pop() ?? '';
    // The acknowledgement is the ephemeral message the command's response_url may replace.
    const ack = o.view.reserve();
    o.view.expect(id, { channel: channel.id, user: user.id, replaces: ack });
    const body = commandBody({ command: name, text: rest.join(' '), user, channel, responseUrl });
    try {
      const res = await postSigned(o.eventsUrl, o.signingSecret, body);
      if (res.status !== 200)
        o.view.ack(channel.id, user.id, { text: `serve answered HTTP ${res.status}: ${res.text}` }, ack);
      else if (res.json && (res.json.text || res.json.blocks)) {
        o.slack.acknowledged(id, res.json);
        o.view.ack(channel.id, user.id, res.json, ack);
      }
    } finally {
      o.view.settle(ack);
    }
  }

  async function click(user: SandboxUser, channel: SandboxChannel, data: Record<string, unknown>) {
    const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
    const kind = str('kind');
    const c: Click = {
      kind: kind === 'static_select' || kind === 'overflow' ? kind : 'button',
      actionId: str('actionId'),
      blockId: str('blockId'),
      value: str('value'),
      label: str('label').trim(),
    };
    const message = str('ts') ? o.slack.message(channel.id, str('ts')) : undefined;
    const ephemeral = str('ephemeral');
    const responseUrl = o.slack.responseUrl();
    const clicked = ephemeral ? o.view.ephemeral(ephemeral) : undefined;
    if (clicked) o.slack.acknowledged(responseUrl.split('/').pop() ?? '', clicked.body);
    o.view.expect(responseUrl.split('/').pop() ?? '', {
      channel: channel.id,
      user: user.id,
      ...(ephemeral ? { replaces: ephemeral } : {}),
    });
    const body = blockActionsBody({
      click: c,
      user,
      channel,
      responseUrl,
      messageTs: message?.ts ?? `${Math.floor(Date.now() / 1000)}.000000`,
      ...(message
        ? { message: { ts: message.ts, text: message.text, blocks: message.blocks, attachments: message.attachments } }
        : {}),
    });
    const res = await postSigned(o.eventsUrl, o.signingSecret, body);
    if (res.status !== 200) o.view.ack(channel.id, user.id, { text: `serve answered HTTP ${res.status}: ${res.text}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, content: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers });
      res.end(content);
    };
    const json = (value: unknown, status = 200) =>
      send(status, 'application/json; charset=utf-8', JSON.stringify(value));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
    const raw = Buffer.concat(chunks).toString('utf8');
    const data = (() => {
      try {
        return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return {};
      }
    })();

    if (req.method === 'GET' && url.pathname === '/') {
      const channel = channelOf(url.searchParams.get('channel'));
      const user = userOf(url.searchParams.get('user'));
      const ts = url.searchParams.get('thread') ?? '';
      const thread = ts ? { ts, html: o.view.threadHtml(channel.id, ts) } : undefined;
      const messages = o.view.channelHtml(channel.id, user.id);
      const page = pageHtml({
        channels: o.channels,
        users: o.users,
        channel,
        user,
        scenarios: SCENARIOS,
        messages,
        ...(thread ? { thread } : {}),
      });
      return send(200, 'text/html; charset=utf-8', page, { 'content-security-policy': CSP });
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (req.method === 'GET' && url.pathname === '/style.css') return send(200, 'text/css; charset=utf-8', STYLE);
    if (req.method === 'GET' && url.pathname === '/client.js')
      return send(200, 'text/javascript; charset=utf-8', await readFile(o.clientJs));
    if (req.method === 'GET' && url.pathname === '/view') {
      const channel = channelOf(url.searchParams.get('channel'));
      const ts = url.searchParams.get('thread') ?? '';
      return json({
        messages: o.view.channelHtml(channel.id, userOf(url.searchParams.get('user')).id),
        unread: o.view.unread(channel.id),
        thread: ts ? o.view.threadHtml(channel.id, ts) : '',
      });
    }
    const file = /^\/files\/(F\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) {
      const found = o.slack.files.find((f) => f.id === file[1]);
      if (!found) return send(404, 'text/plain', 'no such file');
      const head = found.content.subarray(0, 256).toString('utf8');
      if (found.content.subarray(0, 4).toString('latin1') === '\x89PNG') return send(200, 'image/png', found.content);
      if (head.trimStart().startsWith('<svg'))
        return send(200, 'image/svg+xml', found.content, { 'content-security-policy': "default-src 'none'" });
      return send(200, 'text/plain; charset=utf-8', found.content, {
        'content-disposition': `inline; filename="${found.filename.replace(/[^\w.-]/g, '_')}"`,
      });
    }
    const sns = /^\/sns\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && sns) return send(o.lambdas.deliver(sns[1]!, raw) ? 200 : 404, 'text/plain', '');
    const user = userOf(data.user);
    const channel = channelOf(data.channel);
    if (req.method === 'POST' && url.pathname === '/command') {
      await command(user, channel, typeof data.text === 'string' ? data.text : '');
      return json({ ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/act') {
      await click(user, channel, data);
      return json({ ok: true });
    }
    const scenario = /^\/scenario\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && scenario && Object.hasOwn(SCENARIOS, scenario[1]!)) {
      await runScenario(scenario[1] as Scenario, {
        aws: o.aws,
        lambdas: o.lambdas,
        root: o.root,
        ...(o.trail ? { trail: o.trail } : {}),
      });
      await o.lambdas.idle();
      return json({ ok: true });
    }
    return send(404, 'text/plain', 'not found');
  }

  let port = 0;
  const server = createServer((req, res) => {
    // Before the body is read: a request from another site or under another name does nothing.
    const refusal = refuseRequest(req, port);
    if (refusal) {
      res.writeHead(refusal.status, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end(refusal.reason);
      req.resume();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      o.log.error('sandbox page request failed', { path: req.url, error: err });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: (err as Error).message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port, '127.0.0.1', resolve));
  // Arrival times and order are noted as things arrive, whether or not a page is open.
  const syncing = setInterval(() => o.view.sync(), 500);
  syncing.unref();
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(syncing);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
