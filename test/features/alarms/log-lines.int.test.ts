import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { snsAlarmEvent } from '../../support/fixtures';
import { app, soon, topLevel, useNotifierHarness, w } from '../../support/notifier-harness';

useNotifierHarness();

describe('log-metric alarms', () => {
  const logs = new CloudWatchLogsClient({});
  const group = '/app/api-prod';

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-1' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'http-404',
        // A quoted term: moto treats unquoted numeric terms as match-all.
        filterPattern: '"404"',
        metricTransformations: [
          { metricName: 'Http404Count', metricNamespace: 'Lamplighter/Example', metricValue: '1', defaultValue: 0 },
        ],
      }),
    );
  });

  it('attaches the last lines the metric filter matched in the alarm window', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const line = (minutesBefore: number, message: string) => ({
      timestamp: at.getTime() - minutesBefore * 60_000,
      message,
    });
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'web-1',
        logEvents: [
          line(30, '10.0.0.1 - - "GET /old" 404 12'), // before the window
          line(8, '10.0.0.2 - - "GET /a" 404 12'),
          line(7, '10.0.0.3 - - "GET /b" 200 512'),
          line(6, '10.0.0.4 - - "GET /<!channel>" 404 12'),
          line(5, '10.0.0.5 - - "GET /c" 404 12'),
        ],
      }),
    );
    w.clock = at;
    const event = snsAlarmEvent('lamplighter/sns-cloudwatch-alarm-log-metric.json', (a) => {
      a.StateChangeTime = at.toISOString().replace('Z', '+0000');
    });
    await app({ GRAPHS_ENABLED: 'false' }).handle(event, soon());
    const posted = JSON.stringify(topLevel()[0]?.attachments);
    expect(posted).toContain(
      JSON.stringify('*Last 3 matching log lines* in `/app/api-prod` matching `"404"`').slice(1, -1),
    );
    expect(posted).toContain('GET /a');
    expect(posted).toContain('GET /&lt;!channel&gt;');
    expect(posted).toContain('GET /c');
    expect(posted).not.toContain('GET /b');
    expect(posted).not.toContain('GET /old');
  });

  it('ten 160,000-character lines (issue 20, item 1): posted at once, each cut visibly at the bound', async () => {
    // A run of spaces that does not end the line: /\s+$/ took 13 s on one, and ten hit the
    // notifier's timeout, holding up every account's alarms behind it.
    const hostile = '404 a' + ' '.repeat(159_994) + 'b';
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-2' }));
    const events = Array.from({ length: 10 }, (_, i) => ({
      timestamp: at.getTime() - (10 - i) * 20_000,
      message: hostile,
    }));
    // PutLogEvents takes up to 1 MiB a call.
    for (const batch of [events.slice(0, 5), events.slice(5)])
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'web-2', logEvents: batch }));
    w.clock = at;
    const event = snsAlarmEvent(
      'lamplighter/sns-cloudwatch-alarm-log-metric.json',
      (a) => {
        a.StateChangeTime = at.toISOString().replace('Z', '+0000');
        a.AlarmName = 'api-prod-http-404-hostile';
        a.AlarmArn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-prod-http-404-hostile';
      },
      'hostile-lines-1',
    );
    await app({ GRAPHS_ENABLED: 'false', LOG_LINES: '10' }).handle(event, soon());
    const posted = topLevel().at(-1)!;
    const blocks = (posted.attachments as Array<{ blocks: Array<{ text?: { text: string } }> }>)[0]!.blocks;
    const code = blocks.map((b) => b.text?.text ?? '').find((t) => t.includes('```'))!;
    const lines = code.split('```')[1]!.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d web-2 {2}404 a…$/);
  });
});
