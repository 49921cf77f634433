import { alarmFrom } from '../../../src/features/alarms/parse';
import { deliveriesFrom } from '../../../src/kernel/envelopes/sns';
import { startSlackApiServer, type SlackApiServer } from '../../../src/sandbox/slack-api';
import { lambdaSnsEvent } from '../../../src/sandbox/web/lambdas';
import { alarmMessage } from '../../../src/sandbox/web/scenarios';
import { createView } from '../../../src/sandbox/web/view';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:lamplighter-alarms';

describe('what the sandbox hands the functions', () => {
  const at = new Date('2026-11-27T10:00:00.123Z');
  const message = alarmMessage(
    {
      name: 'api-prod-http-404',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-prod-http-404',
      description: 'More than three 404s',
      metricName: 'Http404Count',
      namespace: 'Lamplighter/Example',
      statistic: 'Sum',
      dimensions: [{ name: 'Service', value: 'api' }],
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 3,
      okActions: [TOPIC],
      alarmActions: [TOPIC],
    },
    'ALARM',
    'Threshold Crossed',
    at,
  );
  // What moto POSTs to an http subscription (its field names), wrapped as Lambda's SNS event.
  const event = lambdaSnsEvent(
    {
      Type: 'Notification',
      MessageId: 'm-1',
      TopicArn: TOPIC,
      Subject: 'ALARM: "api-prod-http-404" in US East (N. Virginia)',
      Message: JSON.stringify(message),
      Timestamp: at.toISOString(),
      SigningCertURL: 'https://sns.us-east-1.amazonaws.com/x.pem',
      UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    },
    `${TOPIC}:sub-1`,
  );

  it("is Lambda's SNS event, as the functions' own envelope parser reads it", () => {
    expect(event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      EventSubscriptionArn: `${TOPIC}:sub-1`,
      Sns: { SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem', MessageAttributes: {} },
    });
    const [delivery] = deliveriesFrom(event);
    expect(delivery).toMatchObject({ messageId: 'm-1', topicArn: TOPIC, subject: expect.stringContaining('ALARM') });
  });

  it('carries a CloudWatch alarm notification the notifier parses as an alarm', () => {
    const alarm = alarmFrom(deliveriesFrom(event)[0]!);
    expect(alarm).toMatchObject({
      alarmName: 'api-prod-http-404',
      region: 'us-east-1',
      state: 'ALARM',
      previousState: 'OK',
      stateChangeTime: at,
      accountId: '123456789012',
    });
    expect(message.StateChangeTime).toBe('2026-11-27T10:00:00.123+0000');
    expect(message.Trigger.Dimensions).toEqual([{ name: 'Service', value: 'api' }]);
  });
});

describe('the page view of the Slack test server', () => {
  let slack: SlackApiServer;
  const users = [{ id: 'U0OPERATOR', name: 'olive', role: 'operator' as const }];
  const channels = [{ id: 'C0ALERTS01', name: 'alerts' }];
  beforeAll(async () => {
    slack = await startSlackApiServer({ token: 'xoxb-t' });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  const respond = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('shows a response_url answer to the one it was for, and replaces the ephemeral a click came from', async () => {
    const view = createView(slack, users, channels);
    const first = slack.responseUrl();
    view.expect(first.split('/').pop()!, { channel: 'C0ALERTS01', user: 'U0OPERATOR' });
    await respond(first, { response_type: 'ephemeral', text: 'Snapshot 2 volumes?' });
    const html = view.channelHtml('C0ALERTS01', 'U0OPERATOR');
    expect(text(html)).toContain('Only visible to you');
    expect(text(html)).toContain('Snapshot 2 volumes?');
    expect(text(view.channelHtml('C0ALERTS01', 'U0VIEWER01'))).toContain('Only visible to @olive');
    const key = /data-ephemeral="(E\d+)"/.exec(html)?.[1] ?? '';

    const click = slack.responseUrl();
    view.expect(click.split('/').pop()!, { channel: 'C0ALERTS01', user: 'U0OPERATOR', replaces: key });
    await respond(click, { replace_original: true, text: 'Started 2 snapshots' });
    const after = text(view.channelHtml('C0ALERTS01', 'U0OPERATOR'));
    expect(after).toContain('Started 2 snapshots');
    expect(after).not.toContain('Snapshot 2 volumes?');
    // An answer to a URL the page did not hand out is not shown anywhere.
    await respond(slack.responseUrl(), { text: 'stray' });
    expect(text(view.channelHtml('C0ALERTS01', 'U0OPERATOR'))).not.toContain('stray');
  });

  it('draws chat.update in place and counts thread replies', async () => {
    const view = createView(slack, users, channels);
    const call = async (method: string, args: Record<string, unknown>) =>
      (await (
        await fetch(`${slack.apiUrl}${method}`, {
          method: 'POST',
          headers: { authorization: 'Bearer xoxb-t', 'content-type': 'application/json' },
          body: JSON.stringify(args),
        })
      ).json()) as { ts: string };
    const { ts } = await call('chat.postMessage', { channel: 'C0ALERTS01', text: '*ALARM* <!here>' });
    expect(view.channelHtml('C0ALERTS01', 'U0OPERATOR')).toContain(
      '<b>ALARM</b> <span class="mention special">@here</span>',
    );
    await call('chat.update', { channel: 'C0ALERTS01', ts, text: '*OK* &lt;!here&gt;' });
    await call('chat.postMessage', { channel: 'C0ALERTS01', thread_ts: ts, text: 'went OK' });
    const html = view.channelHtml('C0ALERTS01', 'U0OPERATOR');
    expect(html.match(/<article class="msg"/g)).toHaveLength(1);
    expect(html).toContain('<b>OK</b> &lt;!here&gt;');
    expect(html).toContain('(edited)');
    expect(html).toContain('>1 reply</button>');
    expect(text(view.threadHtml('C0ALERTS01', ts))).toContain('went OK');
  });
});
