import { HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { createGatewayApp, type GatewayDeps } from './app';

export interface LocalAppOptions extends GatewayDeps {
  token: string;
  signingSecret: string;
  slackApiUrl: string;
  port: number;
  /** With an app-level token the app connects out over Socket Mode: no public URL needed. */
  appToken?: string;
}

/**
 * The same gateway as in Lambda, over plain HTTP at POST /slack/events (Bolt's HTTPReceiver
 * verifies the signature before it parses anything), or over Socket Mode.
 */
export async function startLocalApp(
  options: LocalAppOptions,
): Promise<{ stop: () => Promise<void>; mode: 'http' | 'socket'; port: number }> {
  const receiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logLevel: LogLevel.WARN })
    : new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', logLevel: LogLevel.WARN });
  const app = createGatewayApp(receiver, options);
  const started: unknown = await app.start(options.port);
  // HTTPReceiver resolves to its http.Server: read the port it really took (PORT=0 picks one).
  const address = (started as { address?: () => unknown }).address?.();
  const port =
    typeof address === 'object' && address !== null && 'port' in address
      ? Number((address as { port: number }).port)
      : options.port;
  return { stop: () => app.stop() as Promise<void>, mode: options.appToken ? 'socket' : 'http', port };
}
