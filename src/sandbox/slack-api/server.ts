import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageErrors } from '../block-limits';
import { parseArgs, readBody, uploadedBytes } from './http';
import {
  MANIFEST_SCOPES,
  type Fault,
  type RecordedCall,
  type ResponseUrlPost,
  type SlackApiServer,
  type SlackApiServerOptions,
} from './types';
import { createEphemerals } from './ephemerals';
import { createRateLimiter } from './rate-limits';
import { createWorkspace } from './workspace';

export type * from './types';
export { MANIFEST_SCOPES, SLACK_RATE_LIMITS } from './types';

/**
 * A Slack Web API server over real HTTP that answers like Slack: `{ok, ts, channel}`,
 * `{ok:false, error}`, `invalid_blocks` past Slack's limits, 429 with Retry-After or 5xx on
 * request. It records every call. Tests use it today; the local sandbox will render from it.
 */

/** The refusals Slack also explains in `response_metadata.messages`. */
const EXPLAINED = new Set(['invalid_blocks', 'invalid_attachments', 'invalid_arguments']);

/**
 * A refused message as Slack answers it: besides `error` (and `errors`), each reason again in
 * `response_metadata.messages` as "[ERROR] …", which the Web API SDK writes to its logger itself.
 */
function explained<T>(answer: T): T {
  const a = answer as { ok?: unknown; error?: unknown; errors?: unknown };
  if (a.ok !== false || typeof a.error !== 'string' || !EXPLAINED.has(a.error)) return answer;
  const why = Array.isArray(a.errors) ? a.errors.map(String) : [a.error];
  return { ...answer, response_metadata: { messages: why.map((w) => `[ERROR] ${w}`) } };
}

export async function startSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const calls: RecordedCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const responseUses = new Map<string, number>();
  const expired = new Set<string>();
  const shown = createEphemerals();
  let responseSeq = 0;
  let baseUrl = '';
  const workspace = createWorkspace(options, () => baseUrl);
  const newLimiter = () =>
    options.rateLimits ? createRateLimiter(options.rateLimits, workspace.channelKey, options.clock) : undefined;
  let limiter = newLimiter();
  const chaosFault = (method: string): Fault | undefined => {
    const chaos = options.chaos;
    if (!chaos?.methods.includes(method)) return undefined;
    const r = (chaos.random ?? Math.random)();
    if (r < chaos.status500) return { status: 500 };
    if (r < chaos.status500 + chaos.timeout) return { answerAfterMs: chaos.answerAfterMs };
    return undefined;
  };
  const { messages, files } = workspace;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-oauth-scopes': (options.scopes ?? MANIFEST_SCOPES).join(','),
        ...headers,
      });
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
      if (status === 200) shown.answer(id, body);
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
    const slow = options.slowChannels?.[workspace.channelKey(args.channel)] ?? 0;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const arrived = Date.now();
    const record = (status: number, response: unknown) =>
      calls.push({ at: arrived, method, token, body: args, status, response });

    const fault = workspace.takeFault(method) ?? chaosFault(method);
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    else if (fault && 'status' in fault && fault.status === 429) {
      record(429, { ok: false, error: 'ratelimited' });
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    } else if (fault && 'status' in fault) {
      record(fault.status, 'upstream error');
      res.writeHead(fault.status, { 'content-type': 'text/html' });
      return res.end('<html><body>Slack is having trouble</body></html>');
    } else if (fault && 'error' in fault) {
      const refused = explained({ ok: false, error: fault.error });
      record(200, refused);
      return send(200, refused);
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
    const limited = limiter?.(method, args);
    if (limited) {
      record(429, { ok: false, error: 'ratelimited' });
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited) });
    }
    if (fault && 'historyLag' in fault) {
      const lagging = { ok: true, messages: [], has_more: false };
      record(200, lagging);
      return send(200, lagging);
    }
    const answer = explained(workspace.call(method, args));
    if (fault && 'applyThenDrop' in fault) {
      // Applied, and the answer never arrives: what a timeout after Slack accepted the call looks like.
      record(0, answer);
      return req.socket.destroy();
    }
    record(200, answer);
    // Applied (and recorded) now; the answer comes late, if the client is still there to read it.
    if (fault && 'answerAfterMs' in fault) await new Promise((r) => setTimeout(r, fault.answerAfterMs));
    // A slow channel's calls are applied, and answered late.
    if (slow) await new Promise((r) => setTimeout(r, slow));
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
    acknowledged: (id, body) => shown.original(id, body),
    ephemerals: (id) => shown.of(id),
    responseUrl: (id) => `${baseUrl}/commands/${id ?? `R${String(++responseSeq).padStart(6, '0')}`}`,
    expireResponseUrl: (id) => {
      expired.add(id);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext: (method, ...list) => workspace.failNext(method, list),
    message: (channel, ts) => messages.find((m) => m.channel === channel && m.ts === ts),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && m.threadTs === ts),
    reset() {
      calls.length = 0;
      responses.length = 0;
      responseUses.clear();
      expired.clear();
      shown.reset();
      workspace.reset();
      limiter = newLimiter();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
