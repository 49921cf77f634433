import { loadNotifierConfig } from '../../src/config/notifier';
import { parseRoutes } from '../../src/config/routes';
import { ConfigError } from '../../src/kernel/errors';
import { routeChannel } from '../../src/kernel/routing';

const base = {
  SLACK_DEFAULT_CHANNEL: 'C0ALERTS1',
  SLACK_BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:slack',
  TABLE_NAME: 't',
};

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration is checked once, at start-up, naming the bad entry', () => {
  it('reads a good configuration with defaults', () => {
    expect(loadNotifierConfig(base)).toMatchObject({
      slackApiUrl: 'https://slack.com/api/',
      slackToken: { kind: 'secret', secretId: base.SLACK_BOT_TOKEN_SECRET_ARN },
      defaultChannel: 'C0ALERTS1',
      routes: [],
      graphsEnabled: false,
      logLines: 10,
      flapWindowMs: 30 * 60_000,
    });
  });

  it.each([
    [{ ...base, SLACK_DEFAULT_CHANNEL: '' }, 'SLACK_DEFAULT_CHANNEL: is required'],
    [{ ...base, TABLE_NAME: undefined }, 'TABLE_NAME: is required'],
    [
      { ...base, SLACK_BOT_TOKEN_SECRET_ARN: undefined },
      'SLACK_BOT_TOKEN_SECRET_ARN: is required (or SLACK_BOT_TOKEN for local runs)',
    ],
    [{ ...base, LOG_LINES: '500' }, 'LOG_LINES: must be a whole number from 0 to 50, got "500"'],
    [{ ...base, GRAPHS_ENABLED: 'maybe' }, 'GRAPHS_ENABLED: must be true or false, got "maybe"'],
    [{ ...base, SLACK_API_URL: 'not a url' }, 'SLACK_API_URL: is not a URL: "not a url"'],
    [
      { ...base, LAMPLIGHTER_ROUTES: '[{"channel":"C0PAYMENTS","alarmNamePattern":"(unclosed"}]' },
      'LAMPLIGHTER_ROUTES[0].alarmNamePattern: is not a valid regular expression',
    ],
    [
      { ...base, LAMPLIGHTER_ROUTES: '[{"channel":"C0PAYMENTS","account":"123"}, {}]' },
      'LAMPLIGHTER_ROUTES[0].account: account ids are 12 digits',
    ],
    [
      { ...base, LAMPLIGHTER_ROUTES: '[{"channel":"C0PAYMENTS","region":"us-east-1"}, {"channel":"C0OTHERS1"}]' },
      'LAMPLIGHTER_ROUTES[1]: matches nothing',
    ],
    [
      { ...base, LAMPLIGHTER_ROUTES: '[{"channel":"C0PAYMENTS","regoin":"us-east-1"}]' },
      'LAMPLIGHTER_ROUTES[0]: unknown key regoin',
    ],
    [
      { ...base, LAMPLIGHTER_ROUTES: '[{"channel":"Not A Channel!","region":"us-east-1"}]' },
      'LAMPLIGHTER_ROUTES[0].channel: must be a Slack channel id',
    ],
    [{ ...base, LAMPLIGHTER_ROUTES: '{"channel":"C0PAYMENTS"}' }, 'LAMPLIGHTER_ROUTES: must be a JSON array of rules'],
    [{ ...base, LAMPLIGHTER_ROUTES: '[{"channel":' }, 'LAMPLIGHTER_ROUTES: is not valid JSON'],
  ])('%j fails with "%s"', (env, message) => {
    expect(errorOf(() => loadNotifierConfig(env)).message).toContain(message);
  });
});

describe('routing', () => {
  const rules = parseRoutes(
    JSON.stringify([
      { name: 'payments', channel: 'C0PAYMENTS', alarmNamePrefix: 'payments-' },
      { channel: 'C0EUROPE01', region: ['eu-west-1', 'eu-central-1'], account: '123456789012' },
      { channel: 'C0DATABASE', alarmNamePattern: '^(rds|aurora)-.*-(cpu|storage)$' },
      { channel: 'C0SECURITY', topicArn: 'arn:aws:sns:us-east-1:123456789012:security' },
    ]),
  );

  it.each([
    [{ alarmName: 'payments-api-5xx', region: 'eu-west-1', accountId: '123456789012' }, 'C0PAYMENTS'],
    [{ alarmName: 'web-5xx', region: 'eu-central-1', accountId: '123456789012' }, 'C0EUROPE01'],
    [{ alarmName: 'web-5xx', region: 'eu-central-1', accountId: '999999999999' }, 'C0DEFAULT1'],
    [{ alarmName: 'rds-orders-cpu', region: 'us-east-1' }, 'C0DATABASE'],
    [{ alarmName: 'rds-orders-latency', region: 'us-east-1' }, 'C0DEFAULT1'],
    [{ topicArn: 'arn:aws:sns:us-east-1:123456789012:security' }, 'C0SECURITY'],
    [{}, 'C0DEFAULT1'],
  ])('%j goes to %s', (facts, channel) => {
    expect(routeChannel(rules, 'C0DEFAULT1', facts)).toBe(channel);
  });
});
