import { escapeCode, escapeMrkdwn, fitMrkdwn } from '../../../src/kernel/slack/text';
import { inlineCode } from '../../../src/kernel/slack/format';

describe('escaping untrusted text for mrkdwn', () => {
  it('keeps a text’s own code spans, but an odd backtick cannot pair with one outside it', () => {
    expect(escapeMrkdwn('run `kubectl get pods` now')).toBe('run `kubectl get pods` now');
    expect(escapeMrkdwn('disk at 95% `/var')).toBe('disk at 95% ˋ/var');
    expect(escapeMrkdwn('`a` and `b')).toBe('`a` and ˋb');
    expect(`${escapeMrkdwn('x`')} <https://console.aws.amazon.com|open>`).toBe(
      'xˋ <https://console.aws.amazon.com|open>',
    );
  });

  it('leaves backticks inside a code block alone (only a closing fence is broken)', () => {
    expect(escapeCode('a ` b')).toBe('a ` b');
    expect(escapeCode('```')).toBe('`\u200b`\u200b`');
  });

  it('never cuts a text through an inline code span', () => {
    const text = `DAX cluster ${inlineCode('x'.repeat(200))} in us-east-1`;
    const cut = fitMrkdwn(text, 100);
    expect(cut.split('`').length % 2).toBe(1);
    expect(cut.startsWith('DAX cluster ')).toBe(true);
  });
});
