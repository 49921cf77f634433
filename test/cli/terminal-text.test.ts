import { messageToTerminal, mrkdwnToTerminal } from '../../src/cli/terminal-text';

describe('Slack markup as terminal text', () => {
  it('drops the markers, shows links as text (url) and mentions as @names', () => {
    expect(mrkdwnToTerminal('*State*\n:red_circle: ALARM (was _OK_)')).toBe('State\n🔴 ALARM (was OK)');
    expect(mrkdwnToTerminal('<https://console.aws.amazon.com/x?a=1&amp;b=2|Open in CloudWatch>')).toBe(
      'Open in CloudWatch (https://console.aws.amazon.com/x?a=1&b=2)',
    );
    expect(mrkdwnToTerminal('<https://example.com>')).toBe('https://example.com');
    expect(mrkdwnToTerminal('Acknowledged by <@U0RESPONDR> in <#C0ALERTS01|alerts>, <!here>')).toBe(
      'Acknowledged by @U0RESPONDR in #alerts, @here',
    );
    expect(mrkdwnToTerminal('at <!date^1764279910^{date_short_pretty}|27 Nov 2026 21:45 UTC>')).toBe(
      'at 27 Nov 2026 21:45 UTC',
    );
  });

  it('shows escaped text as it was written: a log line saying <!channel> is not a mention', () => {
    expect(mrkdwnToTerminal('`ERROR for order 43 &lt;!channel&gt;` and &lt;b&gt; &amp; more')).toBe(
      'ERROR for order 43 <!channel> and <b> & more',
    );
    expect(mrkdwnToTerminal('```\nline *one*\n&lt;two&gt;\n```')).toBe('\nline *one*\n<two>\n');
  });

  it('leaves a star that marks nothing, and unknown emoji, as they are', () => {
    expect(mrkdwnToTerminal('2 * 3 = 6 :not_an_emoji_we_draw:')).toBe('2 * 3 = 6 :not_an_emoji_we_draw:');
    expect(mrkdwnToTerminal('snake_case_name')).toBe('snake_case_name');
  });

  it('indents every line of a message alike: header, fields as "name: value", context, attachments', () => {
    const message = {
      text: 'fallback',
      attachments: [
        {
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: ':red_circle: ALARM: api' } },
            { type: 'section', text: { type: 'mrkdwn', text: '*Why*\nThreshold crossed' } },
            {
              type: 'section',
              fields: [
                { type: 'mrkdwn', text: '*State*\nALARM' },
                { type: 'mrkdwn', text: '*Account*\n`123456789012`' },
              ],
            },
            { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Acknowledge' } }] },
            { type: 'context', elements: [{ type: 'mrkdwn', text: 'arn:aws:cloudwatch:…' }] },
          ],
        },
      ],
    };
    expect(messageToTerminal(message, '  ')).toBe(
      [
        '  🔴 ALARM: api',
        '  Why',
        '  Threshold crossed',
        '  State: ALARM',
        '  Account: 123456789012',
        '  arn:aws:cloudwatch:…',
      ].join('\n'),
    );
    expect(messageToTerminal({ text: '*just* text' }, '')).toBe('just text');
  });
});
