// From their own modules, not @slack/bolt's index (see ./app): the index evaluates every receiver.
import { slackLogger } from './bolt-logger';
import AwsLambdaReceiver from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { LogLevel } from '@slack/bolt/dist/App';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { createGatewayApp, type GatewayDeps } from './app';
import { verifySlackSignature } from './verify-signature';

export interface LambdaGatewayOptions extends GatewayDeps {
  signingSecret: string;
  token: string;
  slackApiUrl: string;
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const key = Object.keys(event.headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? event.headers[key] : undefined;
}

/**
 * What this app listens for: slash commands, and button clicks on its messages. Anything else
 * signed (a null payload, a modal, a shortcut, an event) would leave Bolt waiting for an ack it
 * never gets; it is answered 400 here instead.
 */
function forBolt(rawBody: string, contentType: string): boolean {
  if (!contentType.includes('application/x-www-form-urlencoded')) return false;
  const form = new URLSearchParams(rawBody);
  if (form.has('command')) return true;
  let payload: unknown;
  try {
    payload = JSON.parse(form.get('payload') ?? '');
  } catch {
    return false;
  }
  const p = payload as { type?: unknown; actions?: unknown; user?: { id?: unknown } } | null;
  const first = Array.isArray(p?.actions) ? (p.actions[0] as { action_id?: unknown } | null | undefined) : undefined;
  return (
    p !== null &&
    typeof p === 'object' &&
    p.type === 'block_actions' &&
    typeof first === 'object' &&
    first !== null &&
    typeof first.action_id === 'string' &&
    typeof p.user?.id === 'string'
  );
}

/**
 * API Gateway → Bolt. The signature is checked here first, before the body is parsed; a Slack
 * retry is answered at once and does no work.
 */
export async function createLambdaGateway(options: LambdaGatewayOptions) {
  const receiver = new AwsLambdaReceiver({
    signingSecret: options.signingSecret,
    logger: slackLogger(options.log),
    logLevel: LogLevel.WARN,
  });
  createGatewayApp(receiver, options);
  const bolt = await receiver.start();
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
    const bytes = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64')
      : Buffer.from(event.body ?? '', 'utf8');
    const rawBody = bytes.toString('utf8');
    // The signature is over the bytes Slack sent, checked before anything is parsed.
    const signed = verifySlackSignature({
      signingSecret: options.signingSecret,
      rawBody: bytes,
      signature: header(event, 'x-slack-signature'),
      timestamp: header(event, 'x-slack-request-timestamp'),
    });
    if (!signed) return { statusCode: 401, body: '' };
    if (header(event, 'x-slack-retry-num')) return { statusCode: 200, headers: { 'x-slack-no-retry': '1' }, body: '' };
    if (!forBolt(rawBody, header(event, 'content-type') ?? '')) return { statusCode: 400, body: '' };
    // A signed request Bolt still cannot read is answered, never a crash.
    try {
      const res = (await bolt({ ...event, body: rawBody, isBase64Encoded: false }, context)) as APIGatewayProxyResultV2;
      if (typeof res === 'object' && res.statusCode === 500) {
        options.log.warn('a signed Slack request could not be read; answered 400', {});
        return { statusCode: 400, body: '' };
      }
      return res;
    } catch (err) {
      options.log.warn('a signed Slack request could not be read; answered 400', { error: err });
      return { statusCode: 400, body: '' };
    }
  };
}
