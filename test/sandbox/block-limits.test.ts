import { messageErrors } from '../../src/sandbox/block-limits';

/** The Slack test server refuses what Slack refuses; these prove it does, so "it posted" means "it fit". */
describe('the Slack test server checks Block Kit limits', () => {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it.each([
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => section('x')) }, 'at most 50 blocks'],
    ['a 3001-character section', { blocks: [section('x'.repeat(3001))] }, 'less than 3001'],
    [
      'a 151-character header',
      { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] },
      'less than 151',
    ],
    [
      '11 fields',
      { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] },
      'at most 10',
    ],
    [
      'a 2001-character field',
      { blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] },
      'less than 2001',
    ],
    [
      'a 76-character button',
      {
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }],
          },
        ],
      },
      'less than 76',
    ],
    ['an empty text', { blocks: [section('')] }, 'must not be empty'],
    ['a lone surrogate', { blocks: [section('broken \ud83d')] }, 'lone surrogate'],
    [
      'a lone surrogate in the notification text',
      { text: 'broken \udc00', blocks: [section('x')] },
      'text: invalid UTF-16',
    ],
    [
      'a lone surrogate in a button value',
      {
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, value: 'v\ud800' }],
          },
        ],
      },
      'elements[0].value: invalid UTF-16',
    ],
    [
      'a lone surrogate in metadata',
      { text: 'x', metadata: { event_type: 'alarm', event_payload: { key: '\ud800' } } },
      'metadata.event_payload.key: invalid UTF-16',
    ],
    [
      'limits inside attachments too',
      { attachments: [{ color: '#000', blocks: [section('x'.repeat(3001))] }] },
      'attachments[0].blocks[0].text',
    ],
  ])('%s', (_name, message, error) => {
    expect(messageErrors(message).join('\n')).toContain(error);
  });

  it('accepts a message inside every limit', () => {
    expect(
      messageErrors({ blocks: [section('fine 🔥')], attachments: [{ color: '#000', blocks: [section('also fine')] }] }),
    ).toEqual([]);
  });
});
