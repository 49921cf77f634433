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
});
