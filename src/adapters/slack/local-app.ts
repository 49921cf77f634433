import { slackLogger } from './bolt-logger';
import { LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp, type GatewayDeps } from './app';
import { createLambdaGateway } from './lambda-gateway';

export interface LocalAppOptions extends GatewayDeps {
  token: string;
  signingSecret: string;
  slackApiUrl: string;
  port: number;
  /** The address to listen on: loopback unless the operator chose otherwise (serve decides). */
  host: string;
  /** With an app-level token the app connects out over Socket Mode: no public URL needed. */
  appToken?: string;
}

/** Slack's requests are small; a body past this is refused rather than held in memory. */
const MAX_BODY = 1024 * 1024;

async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body over 1 MB');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const LOCAL_CONTEXT = { getRemainingTimeInMillis: () => 60_000 } as Context;

/**
 * The same gateway as in Lambda, over plain HTTP at POST /slack/events: each request becomes the
 * API Gateway event the Lambda handler gets, so one strict signature check (raw bytes, digits
 * only, five minutes either way) guards both. Or over Socket Mode, where Slack's socket is the
 * authentication.
 */
export async function startLocalApp(
  options: LocalAppOptions,
): Promise<{ stop: () => Promise<void>; mode: 'http' | 'socket'; port: number; address?: string }> {
  if (options.appToken) {
    const app = createGatewayApp(
      new SocketModeReceiver({ appToken: options.appToken, logger: slackLogger(options.log), logLevel: LogLevel.WARN }),
      options,
    );
    await app.start();
    return { stop: () => app.stop() as Promise<void>, mode: 'socket', port: options.port };
  }
  const gateway = await createLambdaGateway(options);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || url.pathname !== '/slack/events') {
      res.writeHead(404).end();
      return;
    }
    rawBody(req)
      .then(async (body) => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
        );
        const event = {
          version: '2.0',
          routeKey: 'POST /slack/events',
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          headers,
          body: body.toString('base64'),
          isBase64Encoded: true,
          requestContext: { http: { method: 'POST', path: url.pathname } },
        } as unknown as APIGatewayProxyEventV2;
        const result = (await gateway(event, LOCAL_CONTEXT)) as APIGatewayProxyStructuredResultV2;
        res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
        res.end(result.body ?? '');
      })
      .catch((err: unknown) => {
        options.log.error('the Slack request could not be answered', { error: err });
        if (!res.headersSent) res.writeHead(400).end();
      });
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(options.port, options.host, resolve),
  );
  const { port, address } = server.address() as AddressInfo;
  return {
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    mode: 'http',
    port,
    address,
  };
}
