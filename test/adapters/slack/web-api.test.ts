import { postToResponseUrl } from '../../../src/adapters/slack/response-url';
import { createSlackClient } from '../../../src/adapters/slack/web-api';
import type { SlackMessage } from '../../../src/kernel/slack/blocks';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';

/**
 * One lone surrogate anywhere in a message makes Slack refuse all of it (`invalid_blocks`,
 * permanent): the alert would be lost. The Slack test server refuses it as Slack does; the adapter
 * sends such text as U+FFFD, whatever built the message.
 */
const TOKEN = 'xoxb-surrogates';
const CHANNEL = 'C0SURR0001';

/** Built by hand, not by the message kit: the adapter must not rely on the kit having cleaned it. */
const broken: SlackMessage = {
  text: 'disk full on \uD83D host',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'half \uDD25 an emoji', emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: 'log line: \uD800x and a whole one 🔥', verbatim: true } },
    {
      type: 'actions',
      block_id: 'b\uDBFF',
      elements: [
        { type: 'button', action_id: 'alarm_acknowledge', text: { type: 'plain_text', text: 'Ack' }, value: 'k\uD800' },
      ],
    },
  ],
  metadata: { event_type: 'lamplighter_alarm', event_payload: { key: 'alarm\uDC00' } },
} as SlackMessage;

describe('text Slack would refuse for a lone surrogate', () => {
  let slack: SlackApiServer;
  beforeAll(async () => {
    slack = await startSlackApiServer({ token: TOKEN, channels: [{ name: 'alerts', id: CHANNEL }] });
  });
  afterAll(() => slack.close());

  it('is posted through the Web API with U+FFFD in place of each lone surrogate; whole emoji kept', async () => {
    const client = createSlackClient({ token: TOKEN, apiUrl: slack.apiUrl, timeoutMs: 5000 });
    await client.postMessage(CHANNEL, broken);
    const stored = JSON.stringify(slack.messages.at(-1));
    expect(stored).toContain('disk full on \uFFFD host');
    expect(stored).toContain('half \uFFFD an emoji');
    expect(stored).toContain('log line: \uFFFDx and a whole one 🔥');
    expect(stored).toContain('"value":"k\uFFFD"');
    expect(stored).toContain('alarm\uFFFD');
  });

  it('is answered through a response_url the same way', async () => {
    const url = slack.responseUrl();
    await postToResponseUrl(url, { text: broken.text, blocks: broken.blocks }, slack.apiUrl);
    const answer = slack.responses.at(-1)!;
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain('log line: \uFFFDx and a whole one 🔥');
  });
});
