import type { IncomingMessage } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The file's bytes from an upload: raw, or the first part of a multipart/form-data body. */
export function uploadedBytes(req: IncomingMessage, raw: Buffer): Buffer {
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

/** Slack accepts form-encoded or JSON bodies; form fields holding JSON (blocks, attachments, metadata) are decoded. */
export function parseArgs(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
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
    const json =
      ((k === 'blocks' || k === 'attachments' || k === 'files') && v.startsWith('[')) ||
      (k === 'metadata' && v.startsWith('{'));
    if (json) {
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
