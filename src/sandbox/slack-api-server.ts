import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageErrors } from './block-limits';

/**
 * A Slack Web API server over real HTTP that answers like Slack: `{ok, ts, channel}`,
 * `{ok:false, error}`, `invalid_blocks` past Slack's limits, 429 with Retry-After or 5xx on
 * request. It records every call. Tests use it today; the local sandbox will render from it.
 */

export interface RecordedCall {
  method: string;
  token?: string;
  body: Record<string, unknown>;
  /** The answer we gave: HTTP status and JSON body (or the upload's status). */
  status: number;
  response: unknown;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  updates: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  title?: string;
  channel?: string;
  threadTs?: string;
  content: Buffer;
}

/** What the next matching call should suffer instead of being answered normally. */
export type Fault =
  { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string } | { delayMs: number };

export interface SlackApiServerOptions {
  port?: number;
  host?: string;
  /** When set, calls with any other bearer token get `invalid_auth`. */
  token?: string;
  /** When set, only these channel ids exist; others get `channel_not_found`. */
  channels?: string[];
  /** User group id → member user ids, for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
}

/** A reply posted to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  status: number;
}

export interface SlackApiServer {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  readonly messages: StoredMessage[];
  readonly files: StoredFile[];
  /** Replies to response_urls, in order. */
  readonly responses: ResponseUrlPost[];
  /** A response_url for a new command or button, answered by this server like Slack's. */
  responseUrl(id?: string): string;
  /** Makes a response_url answer 404 expired_url from now on (30 minutes have passed). */
  expireResponseUrl(id: string): void;
  callsTo(method: string): RecordedCall[];
  /** Faults for the next calls to `method` ('*' for any), used in order. */
  failNext(method: string, ...faults: Fault[]): void;
  message(channel: string, ts: string): StoredMessage | undefined;
  thread(channel: string, ts: string): StoredMessage[];
  reset(): void;
  close(): Promise<void>;
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/** Channel names map to stable made-up ids, as Slack answers with the id. */
function channelId(channel: string): string {
  if (CHANNEL_ID.test(channel)) return channel;
  let h = 0;
  for (const c of channel.replace(/^#/, '')) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 'C' + h.toString(36).toUpperCase().padStart(8, '0');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The file's bytes from an upload: raw, or the first part of a multipart/form-data body. */
function uploadedBytes(req: IncomingMessage, raw: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return raw;
  const delimiter = Buffer.from(`--${mark}`);
  const start = raw.indexOf(delimiter);
  const headersEnd = raw.indexOf('\r\n\r\n', start);
  if (start < 0 || headersEnd < 0) return raw;
  const bodyStart = headersEnd + 4;
  const end = raw.indexOf(Buffer.from(`\r\n--${mark}`), bodyStart);
  return raw.subarray(bodyStart, end < 0 ? raw.length : end);
}

/** Slack accepts form-encoded or JSON bodies; form fields holding JSON (blocks, attachments) are decoded. */
function parseArgs(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    try {
      return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
    if ((k === 'blocks' || k === 'attachments' || k === 'files') && v.startsWith('[')) {
      try {
        args[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the raw string; the limit check will say it is not an array
      }
    }
    args[k] = v;
  }
  return args;
}

export async function startSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const files: StoredFile[] = [];
  const faults = new Map<string, Fault[]>();
  const responses: ResponseUrlPost[] = [];
  const responseUses = new Map<string, number>();
  const expired = new Set<string>();
  let responseSeq = 0;
  let clock = Math.floor(Date.now() / 1000);
  let seq = 0;
  let fileSeq = 0;
  let baseUrl = '';

  const nextTs = () => `${clock}.${String(++seq).padStart(6, '0')}`;
  const takeFault = (method: string): Fault | undefined => faults.get(method)?.shift() ?? faults.get('*')?.shift();

  function resolveChannel(raw: unknown): string | undefined {
    if (typeof raw !== 'string' || !raw) return undefined;
    const id = channelId(raw);
    if (options.channels && !options.channels.includes(id)) return undefined;
    return id;
  }

  function api(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://lamplighter-sandbox.slack.com/',
          team: 'Sandbox',
          user: 'lamplighter',
          team_id: 'T0SANDBOX',
          user_id: 'U0LAMPLIT',
          bot_id: 'B0LAMPLIT',
        };
      case 'chat.postMessage': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const errors = messageErrors(args);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        if (!args.text && !args.blocks && !args.attachments) return { ok: false, error: 'no_text' };
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs))
          return { ok: false, error: 'thread_not_found' };
        const stored: StoredMessage = {
          channel,
          ts: nextTs(),
          threadTs,
          text: String(args.text ?? '').slice(0, 40000),
          blocks: args.blocks,
          attachments: args.attachments,
          updates: 0,
        };
        messages.push(stored);
        return {
          ok: true,
          channel,
          ts: stored.ts,
          message: { text: stored.text, ts: stored.ts, ...(threadTs ? { thread_ts: threadTs } : {}) },
        };
      }
      case 'chat.update': {
        const channel = resolveChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const stored = messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!stored) return { ok: false, error: 'message_not_found' };
        const errors = messageErrors(args);
        if (errors.length) return { ok: false, error: 'invalid_blocks', errors };
        stored.text = String(args.text ?? stored.text).slice(0, 40000);
        stored.blocks = args.blocks;
        stored.attachments = args.attachments;
        stored.updates += 1;
        return { ok: true, channel, ts: stored.ts, text: stored.text };
      }
      case 'usergroups.users.list': {
        const members = options.userGroups?.[String(args.usergroup ?? '')];
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.open': {
        const user = String(args.users ?? '').split(',')[0];
        if (!user) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: 'D' + channelId('#dm-' + user).slice(1) } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isFinite(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++fileSeq).padStart(8, '0')}`;
        files.push({ id, filename: String(args.filename), content: Buffer.alloc(0) });
        return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = typeof args.files === 'string' ? (JSON.parse(args.files) as unknown) : args.files;
        if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const channel = args.channel_id === undefined ? undefined : resolveChannel(args.channel_id);
        if (args.channel_id !== undefined && !channel) return { ok: false, error: 'channel_not_found' };
        const done: unknown[] = [];
        for (const item of list as Array<{ id?: string; title?: string }>) {
          const file = files.find((f) => f.id === item.id);
          if (!file || file.content.length === 0) return { ok: false, error: 'file_not_found' };
          file.title = item.title;
          file.channel = channel;
          file.threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
          done.push({ id: file.id, title: file.title, name: file.filename });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    const response = /^\/commands\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (response) {
      const id = response[1] as string;
      const uses = (responseUses.get(id) ?? 0) + 1;
      responseUses.set(id, uses);
      // Slack allows five uses in 30 minutes.
      const gone = expired.has(id) || uses > 5;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      const errors = gone ? [] : messageErrors(body);
      const status = gone ? 404 : errors.length ? 400 : 200;
      responses.push({ id, body, status });
      calls.push({
        method: 'response_url',
        body,
        status,
        response: gone ? 'expired_url' : errors.length ? errors : 'ok',
      });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(gone ? 'expired_url' : errors.length ? 'invalid_blocks' : 'ok');
      return;
    }

    const upload = /^\/upload\/(F\d+)$/.exec(url.pathname);
    if (upload) {
      const file = files.find((f) => f.id === upload[1]);
      const bytes = uploadedBytes(req, raw);
      if (file) file.content = bytes;
      calls.push({
        method: 'upload',
        token: auth,
        body: { fileId: upload[1], bytes: bytes.length },
        status: file ? 200 : 404,
        response: file ? 'OK' : 'not found',
      });
      res.writeHead(file ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(file ? `OK - ${bytes.length}` : 'not found');
      return;
    }

    const match = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    const method = match?.[1] ?? url.pathname;
    const args = { ...Object.fromEntries(url.searchParams), ...parseArgs(req, raw) };
    const token = auth ?? (typeof args.token === 'string' ? args.token : undefined);
    const record = (status: number, response: unknown) => calls.push({ method, token, body: args, status, response });

    const fault = takeFault(method);
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    else if (fault && 'status' in fault && fault.status === 429) {
      record(429, { ok: false, error: 'ratelimited' });
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    } else if (fault && 'status' in fault) {
      record(fault.status, 'upstream error');
      res.writeHead(fault.status, { 'content-type': 'text/html' });
      return res.end('<html><body>Slack is having trouble</body></html>');
    } else if (fault && 'error' in fault) {
      record(200, { ok: false, error: fault.error });
      return send(200, { ok: false, error: fault.error });
    }

    if (!match) {
      record(404, 'not found');
      return send(404, { ok: false, error: 'unknown_method' });
    }
    if (!token) {
      record(200, { ok: false, error: 'not_authed' });
      return send(200, { ok: false, error: 'not_authed' });
    }
    if (options.token && token !== options.token) {
      record(200, { ok: false, error: 'invalid_auth' });
      return send(200, { ok: false, error: 'invalid_auth' });
    }
    const answer = api(method, args);
    record(200, answer);
    send(200, answer);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    calls,
    messages,
    files,
    responses,
    responseUrl: (id) => `${baseUrl}/commands/${id ?? `R${String(++responseSeq).padStart(6, '0')}`}`,
    expireResponseUrl: (id) => {
      expired.add(id);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, ...list) {
      faults.set(method, [...(faults.get(method) ?? []), ...list]);
    },
    message: (channel, ts) => messages.find((m) => m.channel === channel && m.ts === ts),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.threadTs === ts),
    reset() {
      calls.length = 0;
      messages.length = 0;
      files.length = 0;
      responses.length = 0;
      responseUses.clear();
      expired.clear();
      faults.clear();
      clock = Math.floor(Date.now() / 1000);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
