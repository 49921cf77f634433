import { slackLogger } from '../../../src/adapters/slack/bolt-logger';
import { slackClientFor } from '../../../src/adapters/slack/web-api';
import { jsonLogger } from '../../../src/kernel/log';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';

/**
 * The Slack SDK's own warnings and errors, in every function that talks to Slack, go through our
 * JSON logger (a line CloudWatch Logs Insights can query), never the SDK's console format, and
 * never with a token in them.
 */
const TOKEN = 'xoxb-1111-2222-handlersecret';
const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'] as const;

let lines: Array<Record<string, unknown>>;
const log = () => jsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>));

beforeEach(() => {
  lines = [];
  for (const method of CONSOLE) jest.spyOn(console, method).mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const consoleCalls = () => CONSOLE.flatMap((m) => (console[m] as jest.Mock).mock.calls);

describe('the Slack client the Lambda handlers build (slackClientFor)', () => {
  let slack: SlackApiServer;
  beforeAll(async () => {
    slack = await startSlackApiServer({ token: TOKEN, channels: [{ name: 'alerts', id: 'C0ALERTS01' }] });
  });
  afterAll(() => slack.close());

  it("writes the SDK's error about a refused message as our JSON line, not to the console", async () => {
    slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const client = slackClientFor({ slackApiUrl: slack.apiUrl, slackTimeoutMs: 2000 }, log())(TOKEN);
    await expect(client.postMessage('C0ALERTS01', { text: 'disk full' })).rejects.toMatchObject({
      code: 'slack_invalid_blocks',
    });
    // Slack explains the refusal in response_metadata.messages; the SDK logs that itself.
    expect(lines).toEqual([{ level: 'ERROR', message: 'invalid_blocks', source: 'slack' }]);
    expect(consoleCalls()).toEqual([]);
  });

  it("drops the SDK's warning about an unreachable Slack (the caller's error says it), and writes nothing to the console", async () => {
    const client = slackClientFor({ slackApiUrl: 'http://127.0.0.1:9/api/', slackTimeoutMs: 500 }, log())(TOKEN);
    await expect(client.postMessage('C0ALERTS01', { text: 'disk full' })).rejects.toMatchObject({
      code: 'slack_unreachable',
    });
    expect(lines).toEqual([]);
    expect(consoleCalls()).toEqual([]);
  });
});

describe('slackLogger', () => {
  it('masks any Slack token an SDK message quotes', () => {
    const logger = slackLogger(log());
    logger.error('call failed for', { headers: { Authorization: `Bearer ${TOKEN}` } });
    logger.warn(new Error('socket closed for xapp-1-A0LAMPLIT-42-abcdef'), 'and xoxp-9-8-user');
    expect(JSON.stringify(lines)).not.toMatch(/handlersecret|abcdef|xoxp-9/);
    expect(lines.map((l) => l.message)).toEqual([
      'call failed for {"headers":{"Authorization":"Bearer xoxb-[redacted]"}}',
      'socket closed for xapp-[redacted] and xoxp-[redacted]',
    ]);
  });

  it('writes a line for an argument that cannot be serialised, rather than throwing', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => slackLogger(log()).error('odd', circular)).not.toThrow();
    expect(lines).toEqual([{ level: 'ERROR', message: 'odd [object Object]', source: 'slack' }]);
  });
});
