/**
 * What the sandbox page accepts. It listens on 127.0.0.1 only, but a browser on this machine
 * still carries other sites' requests to it: a cross-site form or `fetch` (text/plain needs no
 * preflight) and a DNS-rebound name that resolves to 127.0.0.1. Its POSTs sign Slack requests
 * as any sandbox user, so every request must name the page's own address in `Host`, a POST's
 * `Origin` (browsers send it on every cross-origin POST) must be the page's own, and a POST from
 * the page is JSON. moto's SNS deliveries (`/sns/…`) come as text/plain with no Origin.
 */
export interface Refusal {
  status: 403 | 415;
  reason: string;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v)?.trim();

export function refuseRequest(
  req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> },
  port: number,
): Refusal | undefined {
  const host = header(req.headers.host)?.toLowerCase() ?? '';
  const own = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (!own.includes(host))
    return {
      status: 403,
      reason: `refused: Host "${host.slice(0, 100)}" is not this sandbox's address (http://127.0.0.1:${port}); a page may not reach it under another name`,
    };
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const origin = header(req.headers.origin);
  if (origin !== undefined && origin !== `http://${host}`)
    return {
      status: 403,
      reason: `refused: a request from ${origin.slice(0, 100)}, another site; only the sandbox page itself may post here`,
    };
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  const type = header(req.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
  if (!path.startsWith('/sns/') && type !== 'application/json')
    return { status: 415, reason: 'refused: the sandbox page posts application/json; nothing else changes anything' };
  return undefined;
}
