import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A function the stand-in runs: the handler, as Lambda would call it. */
export type StandInFunction = (event: unknown) => Promise<unknown>;

export interface LambdaStandIn {
  /** For AWS_ENDPOINT_URL_LAMBDA. */
  endpoint: string;
  /** Every invocation, in order: the function's name and the event. */
  readonly invocations: Array<{ name: string; event: unknown }>;
  close(): Promise<void>;
}

/**
 * What moto cannot do without Docker: run a function. Speaks Lambda's Invoke protocol
 * (`POST /2015-03-31/functions/{name}/invocations`) and runs the named handler in-process. A
 * handler that throws is answered as Lambda answers one: 200, `X-Amz-Function-Error: Unhandled`,
 * and the error as the payload; an unknown function gets ResourceNotFoundException. With
 * `moto`, every other Lambda request (GetFunction, CreateFunction…) is passed to moto.
 */
export async function startLambdaStandIn(
  functions: Record<string, StandInFunction>,
  options: { moto?: string } = {},
): Promise<LambdaStandIn> {
  const invocations: Array<{ name: string; event: unknown }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split('?')[0] ?? '');
      if (!match && options.moto) {
        passOn(options.moto, req, Buffer.concat(chunks), res);
        return;
      }
      const target = match ? decodeURIComponent(match[1]!) : '';
      // A name, or an ARN with or without a qualifier.
      const name = /:function:([^:]+)/.exec(target)?.[1] ?? target;
      const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
      if (req.method !== 'POST' || !fn) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${target}` }));
        return;
      }
      let event: unknown;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      } catch {
        res.writeHead(400, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'InvalidRequestContentException',
        });
        res.end(JSON.stringify({ Type: 'User', message: 'Could not parse request body into json' }));
        return;
      }
      invocations.push({ name, event });
      fn(event).then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
          res.end(JSON.stringify(result ?? null));
        },
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
          res.end(JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: [] }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One request to moto, answered as moto answers it. */
function passOn(moto: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length'].includes(k)),
  ) as Record<string, string>;
  fetch(new URL(req.url ?? '/', moto), {
    method: req.method ?? 'GET',
    headers,
    ...(body.length ? { body: new Uint8Array(body) } : {}),
  }).then(
    async (answer) => {
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    },
    (err: unknown) => res.writeHead(502).end(String(err)),
  );
}
