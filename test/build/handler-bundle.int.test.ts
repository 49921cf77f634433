import { ROOT } from '../support/paths';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../support/aws';
import { loadFixture } from '../support/fixtures';

/**
 * The deployable bundle itself (dist/alarm-notifier/index.js, built by `npm run build`), loaded
 * as Lambda would load it: configuration from the environment, the token from Secrets Manager.
 */
const BUNDLE = join(ROOT, 'dist', 'alarm-notifier', 'index.js');
const TOKEN = 'xoxb-bundle-test-token';
type Handler = (event: unknown, context: Context) => Promise<{ delivered: number }>;

let slack: SlackApiServer;
let secretArn: string;
let placeholderArn: string;
let logged: string[];

function lambdaContext(ms = 30_000): Context {
  return { getRemainingTimeInMillis: () => ms } as unknown as Context;
}

function loadHandler(env: Record<string, string>): Handler {
  Object.assign(process.env, env);
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the bundle as Lambda does, in a fresh registry
    handler = (require(BUNDLE) as { handler: Handler }).handler;
  });
  if (!handler) throw new Error('the bundle exports no handler');
  return handler;
}

const baseEnv = () => ({
  SLACK_API_URL: slack.apiUrl,
  SLACK_BOT_TOKEN_SECRET_ARN: secretArn,
  SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
  TABLE_NAME: 'bundle-state',
  GRAPHS_ENABLED: 'true',
  LOG_LINES: '5',
  LAMPLIGHTER_ROUTES: '[]',
});

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
  await resetMoto();
  await createStateTable('bundle-state');
  const secrets = new SecretsManagerClient({});
  secretArn = (
    await secrets.send(
      new CreateSecretCommand({
        Name: 'lamplighter/slack',
        SecretString: JSON.stringify({ botToken: TOKEN, signingSecret: 's' }),
      }),
    )
  ).ARN!;
  placeholderArn = (
    await secrets.send(
      new CreateSecretCommand({
        Name: 'lamplighter/placeholder',
        SecretString: JSON.stringify({ botToken: 'REPLACE_ME', signingSecret: 'REPLACE_ME' }),
      }),
    )
  ).ARN!;
  slack = await startSlackApiServer({ token: TOKEN });
});

afterAll(async () => {
  await slack.close();
});

beforeEach(() => {
  slack.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    logged.push(String(line));
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the alarm-notifier bundle, as Lambda runs it', () => {
  it('reads the secret again after Slack refuses a rotated-away token', async () => {
    const secrets = new SecretsManagerClient({});
    const rotating = (
      await secrets.send(
        new CreateSecretCommand({ Name: 'lamplighter/rotating', SecretString: 'xoxb-old-revoked-token' }),
      )
    ).ARN!;
    const handler = loadHandler({ ...baseEnv(), SLACK_BOT_TOKEN_SECRET_ARN: rotating, GRAPHS_ENABLED: 'false' });
    await expect(
      handler(loadFixture('notify-slack/sns-plain-text-message.json'), lambdaContext()),
    ).rejects.toMatchObject({
      code: 'slack_invalid_auth',
      // What Lambda reports as the errorType (and the dead-letter view shows): the minified
      // bundle's class names are not it.
      name: 'SlackDeliveryError',
    });
    await secrets.send(new PutSecretValueCommand({ SecretId: rotating, SecretString: TOKEN }));
    await expect(handler(loadFixture('notify-slack/sns-plain-text-message.json'), lambdaContext())).resolves.toEqual({
      delivered: 1,
    });
    expect(slack.callsTo('chat.postMessage').map((c) => c.token)).toEqual(['xoxb-old-revoked-token', TOKEN]);
    expect(logged.join('\n')).not.toContain('xoxb-old-revoked-token');
  });

  it('reads the token from Secrets Manager and posts the alarm; a graph moto cannot draw costs nothing', async () => {
    const handler = loadHandler(baseEnv());
    expect(handler.length).toBe(2);
    const result = await handler(
      loadFixture('lamplighter/sns-cloudwatch-alarm-anomaly-detection.json'),
      lambdaContext(),
    );
    expect(result).toEqual({ delivered: 1 });
    expect(slack.callsTo('chat.postMessage')).toEqual([expect.objectContaining({ token: TOKEN, status: 200 })]);
    expect(slack.messages[0]?.text).toBe('ALARM: web-cpu-anomaly in us-east-1');
    expect(logged.join('\n')).toContain('could not attach the metric graph');
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it("writes the Slack SDK's own errors as our JSON lines, never in the SDK's console format", async () => {
    const stderr = [jest.spyOn(console, 'error'), jest.spyOn(console, 'warn')].map((spy) =>
      spy.mockImplementation(() => undefined),
    );
    const handler = loadHandler({ ...baseEnv(), GRAPHS_ENABLED: 'false' });
    // Slack refuses the message, explaining why in response_metadata.messages ("[ERROR] …"),
    // which the SDK logs itself before the notifier sees the error.
    slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    // A delivery of its own: the notify-slack samples share one SNS message id.
    const event = loadFixture<{ Records: Array<{ Sns: { MessageId: string } }> }>(
      'notify-slack/sns-dms-notification.json',
    );
    event.Records[0]!.Sns.MessageId = 'sdk-log-test-delivery';
    // A refusal no retry can fix fails the delivery (it goes on to Lambda's on-failure destination).
    await expect(handler(event, lambdaContext())).rejects.toMatchObject({ code: 'slack_invalid_blocks' });
    expect(stderr.flatMap((spy) => spy.mock.calls)).toEqual([]);
    const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual({ level: 'ERROR', message: 'invalid_blocks', source: 'slack' });
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('fails at cold start on a bad configuration, naming the entry', () => {
    expect(() =>
      loadHandler({ ...baseEnv(), LAMPLIGHTER_ROUTES: '[{"channel":"C0PAYMENTS1","alarmNamePattern":"(("}]' }),
    ).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(/LAMPLIGHTER_ROUTES\[0\]\.alarmNamePattern: is not a valid regular expression/),
      }),
    );
  });

  it('refuses to run with the placeholder secret, then picks up the real token without a redeploy', async () => {
    const handler = loadHandler({ ...baseEnv(), SLACK_BOT_TOKEN_SECRET_ARN: placeholderArn });
    await expect(handler(loadFixture('notify-slack/sns-guardduty-finding.json'), lambdaContext())).rejects.toThrow(
      'SLACK_BOT_TOKEN_SECRET_ARN: the secret still holds the placeholder; put the bot token in it',
    );
    expect(slack.calls).toHaveLength(0);
    // The operator puts the token in; the same warm container delivers the retried event.
    await new SecretsManagerClient({}).send(
      new PutSecretValueCommand({ SecretId: placeholderArn, SecretString: JSON.stringify({ botToken: TOKEN }) }),
    );
    await expect(handler(loadFixture('notify-slack/sns-guardduty-finding.json'), lambdaContext())).resolves.toEqual({
      delivered: 1,
    });
    expect(slack.messages.map((m) => m.text)).toEqual([
      'GuardDuty CRITICAL: SAMPLE Unprotected port on EC2 instance i-123123123 is being probed',
    ]);
  });
});
