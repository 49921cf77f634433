import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main';
import { ROOT } from '../support/paths';

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin };
  return { streams, out: () => out.join(''), err: () => err.join('') };
}

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', name);

describe('lamplighter render', () => {
  it('prints the Slack message for an SNS alarm event as a JSON array', async () => {
    const cap = io();
    expect(await main(['render', fixture('lamplighter/sns-cloudwatch-alarm-log-metric.json')], cap.streams)).toBe(0);
    const messages = JSON.parse(cap.out()) as Array<{ text: string; attachments: Array<{ color: string }> }>;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      text: 'ALARM: api-prod-http-404 in us-east-1',
      attachments: [{ color: '#D13212' }],
    });
  });

  it('reads stdin with -, and prints JSON lines with --jsonl (one message per record)', async () => {
    const lines = [
      JSON.stringify({ Type: 'Notification', MessageId: 'a', Message: 'first' }),
      JSON.stringify({ Type: 'Notification', MessageId: 'b', Message: 'second' }),
    ].join('\n');
    const cap = io(lines);
    expect(await main(['render', '-', '--jsonl'], cap.streams)).toBe(0);
    const out = cap
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { attachments: unknown[] });
    expect(out).toHaveLength(2);
    expect(JSON.stringify(out[1])).toContain('second');
  });

  it('renders a raw alarm message, an EventBridge event and plain text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamplighter-'));
    const text = join(dir, 'note.txt');
    writeFileSync(text, 'just some text <!channel>');
    for (const [file, expected] of [
      [fixture('notify-slack/cloudwatch-alarm-minimal-no-trigger.json'), 'ALARM: Example in eu-west-1'],
      [
        fixture('awsdocs/eventbridge-cloudwatch-alarm-state-change-anomaly-detection.json'),
        'ALARM: EC2 CPU Utilization Anomaly in us-east-1',
      ],
      [text, 'Notification'],
    ] as const) {
      const cap = io();
      expect(await main(['render', file], cap.streams)).toBe(0);
      expect((JSON.parse(cap.out()) as Array<{ text: string }>)[0]?.text).toBe(expected);
    }
  });

  it('exits 1 with a one-line error for an unreadable file', async () => {
    const cap = io();
    expect(await main(['render', '/nonexistent/alarm.json'], cap.streams)).toBe(1);
    expect(cap.err()).toMatch(/^lamplighter: cannot read \/nonexistent\/alarm\.json: ENOENT[^\n]*\n$/);
    expect(cap.out()).toBe('');
  });

  it('says a file is missing when none is named, then the usage (exit 2)', async () => {
    const cap = io();
    expect(await main(['render'], cap.streams)).toBe(2);
    expect(cap.err()).toMatch(/^lamplighter render: name a FILE to render, or - for standard input\n\nusage: /);
    expect(cap.out()).toBe('');
  });

  it('says on stderr when the input is not recognised, and still prints the generic message', async () => {
    const cap = io('{}');
    expect(await main(['render', '-'], cap.streams)).toBe(0);
    expect(cap.err()).toBe(
      'lamplighter render: the input was not recognised (not an alarm, AWS event, CloudTrail call, budget or ' +
        'cost anomaly alert); printed as the generic message Lamplighter would post\n',
    );
    expect((JSON.parse(cap.out()) as Array<{ text: string }>)[0]?.text).toBe('Notification');
    // A recognised one says nothing on stderr.
    const alarm = io();
    expect(await main(['render', fixture('lamplighter/sns-cloudwatch-alarm-log-metric.json')], alarm.streams)).toBe(0);
    expect(alarm.err()).toBe('');
  });

  it('its help names every input it reads: CloudTrail, Budgets and Cost Anomaly alerts too', async () => {
    const cap = io();
    expect(await main(['--help'], cap.streams)).toBe(0);
    for (const input of ['CloudWatch alarm', 'AWS Budgets', 'Cost Anomaly Detection', 'CloudTrail', 'EventBridge'])
      expect(cap.out()).toContain(input);
  });

  it('prints usage and exits 2 for a bad command', async () => {
    const cap = io();
    expect(await main(['rendr'], cap.streams)).toBe(2);
    expect(cap.err()).toContain('usage: lamplighter render FILE|-');
  });
});
