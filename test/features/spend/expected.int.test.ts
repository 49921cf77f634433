import { createSlackClient } from '../../../src/adapters/slack/web-api';
import {
  ALERTS,
  ALICE,
  answerTo,
  BOB,
  click,
  h,
  shown,
  TOKEN,
  useIncidentHarness,
} from '../../support/incident-harness';

useIncidentHarness();

describe('Expected on a spend warning', () => {
  it('marks a spend warning expected once', async () => {
    const posted = await createSlackClient({ token: TOKEN, apiUrl: h.slack.apiUrl, timeoutMs: 2000 }).postMessage(
      ALERTS,
      {
        text: 'Redshift cluster created: $9,519/month',
        attachments: [
          {
            color: '#D13212',
            blocks: [
              { type: 'section', text: { type: 'mrkdwn', text: 'spend' } },
              {
                type: 'actions',
                block_id: 'spend_actions',
                elements: [
                  {
                    type: 'button',
                    action_id: 'spend_expected',
                    text: { type: 'plain_text', text: 'Expected' },
                    value: 'evt-1',
                  },
                ],
              },
            ],
          },
        ],
      },
    );
    const message = h.slack.message(posted.channel, posted.ts)!;
    const first = await click('spend_expected', message, ALICE, { value: 'evt-1' });
    await h.server.idle();
    const second = await click('spend_expected', message, BOB, { value: 'evt-1' });
    await h.server.idle();
    expect(answerTo(first.responseUrl)).toContain('Marked as expected');
    expect(answerTo(second.responseUrl)).toContain('Already marked expected by <@U0ALICE001>');
    expect(shown(message)).toContain('Expected: acknowledged by <@U0ALICE001>');
    expect(shown(message)).not.toContain('spend_expected');
  });
});
