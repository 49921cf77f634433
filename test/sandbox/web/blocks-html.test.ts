import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInput } from '../../../src/app/render';
import { formatSearchResult } from '../../../src/features/logs/format';
import { formatSnapshotPreview } from '../../../src/features/snapshots/format';
import { attachmentColour, messageHtml } from '../../../src/sandbox/web/blocks-html';
import { mrkdwnHtml } from '../../../src/sandbox/web/mrkdwn-html';
import { loadFixture } from '../../support/fixtures';
import { button } from '../../../src/kernel/slack/text';

const dir = { users: { U0OPERATOR: 'olive' }, channels: { C0ALERTS01: 'alerts' } };

/** The HTML without its tags: what a person reads. */
const visible = (html: string) =>
  html
    .replace(/<template[\s\S]*?<\/template>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('mrkdwn drawn as Slack draws it', () => {
  it('formats bold, italic, strike, code, code blocks and links', () => {
    const html = mrkdwnHtml(
      '*bold* _it_ ~gone~ `x<y` <https://example.com/a?b=1&amp;c=2|the docs>\n```\nline &lt;1&gt;\n```',
    );
    expect(html).toContain('<b>bold</b>');
    expect(html).toContain('<i>it</i>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(html).toContain('<pre>line &lt;1&gt;\n</pre>');
  });

  it('draws mentions as mentions, by name when the page knows it', () => {
    const html = mrkdwnHtml('<@U0OPERATOR> <@U0NOBODY1> <#C0ALERTS01> <!here> <!subteam^S0ONCALL|@oncall>', dir);
    expect(html).toContain('<span class="mention user">@olive</span>');
    expect(html).toContain('<span class="mention user">@U0NOBODY1</span>');
    expect(html).toContain('<span class="mention channel">#alerts</span>');
    expect(html).toContain('<span class="mention special">@here</span>');
    expect(html).toContain('<span class="mention group">@oncall</span>');
  });

  it('draws escaped text as text: no mention, no tag, no script', () => {
    const html = mrkdwnHtml('GET /&lt;!channel&gt; &lt;script&gt;alert(1)&lt;/script&gt; &lt;@U0OPERATOR&gt;', dir);
    expect(html).not.toContain('mention');
    expect(html).not.toContain('<script');
    expect(visible(html)).toBe('GET /<!channel> <script>alert(1)</script> <@U0OPERATOR>');
  });

  it('never writes a link to a javascript: URL, nor raw quotes into attributes', () => {
    const html = mrkdwnHtml('<javascript:alert(1)|click> <https://x.test/"onmouseover="a|q>');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="https://x.test/&quot;onmouseover=&quot;a"');
  });
});

describe('the project’s rendered messages, drawn', () => {
  it('an alarm: red bar, header, fields, escaped text as text, the buttons', async () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'lamplighter/sns-cloudwatch-alarm-log-metric.json',
    );
    const [message] = await renderInput(event);
    // The notifier adds the log lines at delivery (I/O); render's message has the same kit's escaping.
    const html = messageHtml(message!, dir);
    expect(html).toMatch(/<div class="attachment" data-color="#D13212"><div class="bar" style="background:#D13212">/);
    expect(html).toContain('<div class="b-header">🔴 ALARM: api-prod-http-404</div>');
    expect(visible(html)).toContain('OK -> ALARM transition');
    expect(html).toContain('<div class="b-field"><b>Account</b><br><code>123456789012</code></div>');
    expect(html).toMatch(
      /<button type="button" class="btn primary" data-kind="button" data-action-id="alarm_acknowledge"/,
    );
    expect(html).toMatch(/<select class="select" data-kind="static_select" data-action-id="alarm_mute"/);
    expect(html).toContain('<option value="4h">Mute for 4 hours</option>');
    expect(html).toMatch(/<a class="btn" href="https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//);
  });

  it('a hostile log line in an alarm message stays text', async () => {
    const event = loadFixture<{ Records: Array<{ Sns: { Message: string } }> }>(
      'lamplighter/sns-cloudwatch-alarm-log-metric.json',
    );
    const alarm = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
    alarm.AlarmDescription = 'paging <!channel> <@U0OPERATOR> <script>x</script>';
    event.Records[0]!.Sns.Message = JSON.stringify(alarm);
    const html = messageHtml((await renderInput(event))[0]!, dir);
    expect(html).not.toContain('mention');
    expect(html).not.toContain('<script>');
    expect(visible(html)).toContain('paging <!channel> <@U0OPERATOR> <script>x</script>');
  });

  it('a /logs answer: the lines in a code block, <!channel> in a line drawn as text', () => {
    const at = new Date('2026-11-27T10:00:00Z');
    const { message } = formatSearchResult(
      {
        group: '/aws/lambda/demo-api',
        pattern: '"payment declined"',
        start: new Date(at.getTime() - 3_600_000),
        end: at,
        rangeLabel: 'last 1h',
        lines: [{ timestamp: at.getTime() - 60_000, stream: 's1', message: 'ERROR payment declined <!channel>' }],
        allLines: [{ timestamp: at.getTime() - 60_000, stream: 's1', message: 'ERROR payment declined <!channel>' }],
        matched: 1,
        complete: true,
        limit: 20,
      },
      { partition: 'aws', region: 'us-east-1' },
    );
    const html = messageHtml(message, dir);
    expect(html).toMatch(/<pre>[^<]*ERROR payment declined &lt;!channel&gt;/);
    expect(html).not.toContain('mention');
    expect(html).toContain('🔍 <b>1 event</b>');
    expect(html).toContain('Open this search in CloudWatch</a>');
  });

  it('a spend warning: its colour and who did it', async () => {
    const [message] = await renderInput(
      loadFixture('lamplighter/eventbridge-cloudtrail-dynamodb-createtable-1000-units.json'),
    );
    const html = messageHtml(message!, dir);
    expect(visible(html)).toMatch(/alice/);
    expect(visible(html)).toMatch(/\$569\.40/);
    expect(html).toMatch(/class="bar" style="background:#[0-9A-Fa-f]{6}"/);
  });

  it('a button with a confirm dialog keeps it for the page to open first', () => {
    const html = messageHtml(
      {
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                ...button('danger_action', 'Delete', { value: 'x', style: 'danger' }),
                confirm: {
                  title: { type: 'plain_text', text: 'Delete it?' },
                  text: { type: 'plain_text', text: 'It cannot be undone.' },
                  confirm: { type: 'plain_text', text: 'Delete' },
                  deny: { type: 'plain_text', text: 'Not now' },
                },
              },
            ],
          },
        ],
      },
      dir,
    );
    expect(html).toMatch(
      /data-action-id="danger_action"[^>]*data-value="[^"]+">[^<]+<\/button><template class="confirm">/,
    );
    expect(html).toMatch(/<template class="confirm"><div class="dialog-title">Delete it\?<\/div>/);
  });

  it('a snapshot preview asks once: its button carries no second dialog', () => {
    const message = formatSnapshotPreview(
      {
        target: 'web-1',
        instanceId: 'i-0abc',
        instanceName: 'web-1',
        volumes: [{ id: 'vol-1', sizeGb: 50, device: '/dev/sdf' }],
      },
      'before the deploy',
      'SNAP1',
    );
    const html = messageHtml(message, dir);
    expect(html).toContain('Snapshot 1 volume (50 GiB)');
    expect(html).toMatch(/data-action-id="snapshot_confirm"[^>]*>Snapshot 1 volume<\/button>/);
    expect(html).not.toContain('<template class="confirm">');
  });

  it('every fixture in test/fixtures renders to HTML without raw markup from the payload', async () => {
    const root = join(__dirname, '..', '..', 'fixtures');
    const files = ['lamplighter', 'awsdocs', 'rheoceros'].flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(root, d, f)),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      for (const message of await renderInput(JSON.parse(readFileSync(file, 'utf8')))) {
        const html = messageHtml(message, dir);
        expect(html).not.toMatch(/<script|onerror=|onload=|javascript:/i);
        expect(html.length).toBeGreaterThan(20);
      }
    }
  });

  it('accepts only colours into the style attribute', () => {
    expect(attachmentColour('#2EB67D')).toBe('#2EB67D');
    expect(attachmentColour('danger')).toBe('#E01E5A');
    expect(attachmentColour('red;background:url(x)')).toBe('#DDDDDD');
  });
});
