import {
  codeBlock,
  escapeCode,
  escapeInline,
  escapeMrkdwn,
  fieldsSection,
  fitMrkdwn,
  link,
  section,
  textMessage,
} from '../../../src/kernel/slack/text';
import { LITERAL_BACKTICK } from '../../../src/kernel/slack/literal';
import { mrkdwnHtml } from '../../../src/sandbox/web/mrkdwn-html';
import { inlineCode } from '../../../src/kernel/slack/format';

describe('escaping untrusted text for mrkdwn', () => {
  it('keeps a text’s own code spans, but an odd backtick cannot pair with one outside it', () => {
    expect(escapeMrkdwn('run `kubectl get pods` now')).toBe('run `kubectl get pods` now');
    expect(escapeMrkdwn('disk at 95% `/var')).toBe(`disk at 95% ${LITERAL_BACKTICK}/var`);
    expect(escapeMrkdwn('`a` and `b')).toBe(`\`a\` and ${LITERAL_BACKTICK}b`);
    // What a person reads: the backtick itself, no stray look-alike, and our link still a link.
    const drawn = mrkdwnHtml(`${escapeMrkdwn('x`')} <https://console.aws.amazon.com|open> \`code\``);
    expect(drawn).toBe(
      'x` <a href="https://console.aws.amazon.com" target="_blank" rel="noopener noreferrer">open</a> <code>code</code>',
    );
    expect(mrkdwnHtml(`${escapeInline('a `b')} \`c\``)).toBe('a `b <code>c</code>');
  });

  it('never lets a text start a quote: a leading > stays a character, on any line but in code', () => {
    expect(mrkdwnHtml('*Threshold*\n&gt; $800.00')).toContain('<blockquote>'); // what Slack does with it
    const field = fieldsSection([['Threshold', escapeMrkdwn('> $800.00\nok\n＞ 2')]]).fields![0]!.text;
    expect(mrkdwnHtml(field)).not.toContain('<blockquote>');
    expect(mrkdwnHtml(field)).toBe('<b>Threshold</b><br>\u00AD&gt; $800.00<br>ok<br>\u00AD＞ 2');
    // Mid-line, and inside a code block, nothing is added.
    expect(section(`a ${escapeMrkdwn('> b')}`).text!.text).toBe('a &gt; b');
    expect(section(codeBlock('> log line\n> two', 3000)).text!.text).toBe('```\n&gt; log line\n&gt; two\n```');
    expect(section(`${codeBlock('x', 100)}\n${escapeMrkdwn('> y')}`).text!.text).toBe('```\nx\n```\n\u00AD&gt; y');
  });

  it('inline code of a text with backticks shows no token inside it', () => {
    expect(inlineCode('x`')).toBe('`xˋ`');
    expect(inlineCode('a`b`c`')).toBe('`aˋbˋcˋ`');
    expect(mrkdwnHtml(inlineCode('<!channel> `'))).toBe('<code>&lt;!channel&gt; ˋ</code>');
  });

  it('keeps a link whole when its label has a lone backtick (no token can nest inside a link)', () => {
    expect(link('https://console.aws.amazon.com/x', 'alarm`|x')).toBe('<https://console.aws.amazon.com/x|alarmˋ¦x>');
    expect(mrkdwnHtml(link('https://console.aws.amazon.com/x', 'a`'))).toBe(
      '<a href="https://console.aws.amazon.com/x" target="_blank" rel="noopener noreferrer">aˋ</a>',
    );
  });

  it('cuts a text with a literal backtick without leaving half of it', () => {
    const text = escapeMrkdwn(`${'x'.repeat(80)} \``);
    for (let max = 80; max < text.length; max++) {
      const cut = fitMrkdwn(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/<[^>]*$/);
    }
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

describe('links (issue 20, item 8)', () => {
  const permalink =
    'https://acme.slack.com/archives/C0ALERTS01/p1764583200000100?thread_ts=1764583200.000100&cid=C0ALERTS01';

  it('escapes & < > in the URL as well as the label: Slack reads them as markup inside <url|label>', () => {
    expect(link(permalink, 'this message')).toBe(
      '<https://acme.slack.com/archives/C0ALERTS01/p1764583200000100?thread_ts=1764583200.000100&amp;cid=C0ALERTS01|this message>',
    );
    expect(link('https://example.com/a<b>c d|e', 'a & b')).toBe('<https://example.com/a%3Cb%3Ec%20d%7Ce|a &amp; b>');
  });

  it('a link at a length limit is kept whole or left out, never cut in half', () => {
    const url = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1&tab=x#alarmsV2:alarm/db';
    const whole = link(url, 'open & read');
    for (let pre = 2850; pre < 3000; pre++) {
      const text = 'x'.repeat(pre) + ' ' + whole + ' and more';
      for (const out of [fitMrkdwn(text, 3000), section(text).text!.text]) {
        const links = out.split('<').length - 1;
        expect({ pre, links, closed: out.split('>').length - 1 }).toEqual({ pre, links, closed: links });
        if (links) expect(out).toContain(whole);
      }
    }
  });

  it('the notification text reads a link as its label, and is never cut through one', () => {
    const url = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups';
    expect(textMessage(`*Disk* full: ${link(url, 'the log & lines')} <@U0ONCALL1>`).text).toBe(
      'Disk full: the log &amp; lines @U0ONCALL1',
    );
    for (let pre = 200; pre < 300; pre++) {
      const text = textMessage('x'.repeat(pre) + ' ' + link(url, 'logs')).text;
      expect(text).not.toContain('https://');
      expect(text.split('<').length).toBe(text.split('>').length);
    }
  });
});
