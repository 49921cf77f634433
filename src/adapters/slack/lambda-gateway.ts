import { AwsLambdaReceiver, LogLevel } from '@slack/bolt';
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
 * API Gateway → Bolt. The signature is checked here first, before the body is parsed; a Slack
 * retry is answered at once and does no work.
 */
export async function createLambdaGateway(options: LambdaGatewayOptions) {
  const receiver = new AwsLambdaReceiver({ signingSecret: options.signingSecret, logLevel: LogLevel.WARN });
  createGatewayApp(receiver, options);
  const bolt = await receiver.start();
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> => {
    const rawBody = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const signed = verifySlackSignature({
      signingSecret: options.signingSecret,
      rawBody,
      signature: header(event, 'x-slack-signature'),
      timestamp: header(event, 'x-slack-request-timestamp'),
    });
    if (!signed) return { statusCode: 401, body: '' };
    if (header(event, 'x-slack-retry-num')) return { statusCode: 200, headers: { 'x-slack-no-retry': '1' }, body: '' };
    return (await bolt({ ...event, body: rawBody, isBase64Encoded: false }, context)) as APIGatewayProxyResultV2;
  };
}
