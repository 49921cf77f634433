import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNotifierApp } from '../../src/app/notifier';
import { classify } from '../../src/app/classify';
import { renderInput } from '../../src/app/render';
import { createNotifierAws } from '../../src/adapters/aws/notifier-aws';
import { createSlackClient } from '../../src/adapters/slack/web-api';
import { deliveriesFrom, type Delivery } from '../../src/kernel/envelopes/sns';
import { jsonLogger } from '../../src/kernel/log';
import { formatGeneric, genericBodyFits } from '../../src/features/generic/format';
import { genericFor } from '../../src/features/generic/generic';
import { startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';
import { createStateTable, resetMoto } from '../support/aws';

/**
 * One decision (issue 22, "One dispatch"): the notifier posts every fixture as the kind `render`
 * classifies it, with the message `render` prints for it. What the cost guard reads (CloudTrail,
 * Budgets, Cost Anomaly) that reaches the alarm topic is posted as the cost guard would post it
 * first; only a CloudTrail call the cost guard would not post (off its watchlist) is shown as it
 * came, as the generic message.
 */
const DIR = join(__dirname, '..', 'fixtures');
const TOKEN = 'xoxb-dispatch-token';
const CHANNEL = 'C0ALERTS01';

function fixtures(dir = DIR, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return fixtures(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.json') ? [`${prefix}${entry.name}`] : [];
  });
}

/** What the notifier's outcome says it did, by the kind of notification it was. */
const POSTED_AS = {
  alarm: 'alarm',
  event: 'event',
  generic: 'generic',
  cloudtrail: 'spend',
  budget: 'spend',
  anomaly: 'spend',
} as const;

const asKind = (action: string) =>
  action === 'event' || action === 'generic' || action === 'spend' || action === 'duplicate' ? action : 'alarm';

const generic = (delivery: Delivery) => {
  const g = genericFor(delivery);
  return formatGeneric(g, { fullBodyAttached: !genericBodyFits(g) });
};

let slack: SlackApiServer;
let table = 0;

beforeAll(async () => {
  await resetMoto();
  slack = await startSlackApiServer({ token: TOKEN, channels: [{ name: 'alerts', id: CHANNEL }] });
});

afterAll(async () => {
  await slack.close();
});

describe('the notifier and render classify every fixture the same, through one table', () => {
  const names = fixtures();

  it('finds the fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  it.each(names)('%s', async (name) => {
    const input = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as unknown;
    const deliveries = deliveriesFrom(input);
    // A table of its own: fixtures share sample ids, and each is a first delivery.
    const tableName = `dispatch-${++table}`;
    await createStateTable(tableName);
    slack.reset();
    const notifier = createNotifierApp(
      {
        AWS_REGION: 'us-east-1',
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_DEFAULT_CHANNEL: CHANNEL,
        TABLE_NAME: tableName,
        GRAPHS_ENABLED: 'false',
        LOG_LINES: '0',
        // This test's clock stands still: a new alarm is posted at once, not after a gather.
        STORM_GATHER_SECONDS: '0',
      },
      {
        aws: createNotifierAws(tableName),
        slackFor: (token, config) => createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: 2000 }),
        log: jsonLogger(() => {}),
        now: () => new Date('2026-11-27T10:00:00Z'),
      },
    );
    const outcomes = await notifier.handle(input, Date.now() + 25_000);
    // An event or generic post is journaled by its SNS message id: a second record of the same id
    // in one input (public samples reuse ids) is the same delivery again, posted once.
    const seen = new Set<string>();
    const rendered = deliveries.length === 1 ? await renderInput(input) : undefined;
    const expected = deliveries.map((d) => {
      const n = classify(d);
      // A CloudTrail call the cost guard would not post (off its watchlist, no security finding) is
      // shown as it came.
      const as = n.kind === 'cloudtrail' && rendered?.[0]?.text === generic(d).text ? 'generic' : POSTED_AS[n.kind];
      if (as === 'alarm') return as;
      if (seen.has(d.messageId)) return 'duplicate';
      seen.add(d.messageId);
      return as;
    });
    expect(outcomes.map((o) => asKind(o.action))).toEqual(expected);

    deliveries.forEach((delivery, i) => {
      const outcome = outcomes[i]!;
      const posted = slack.messages.find((m) => m.ts === outcome.ts && !m.threadTs);
      // An OK with no open incident posts nothing ('quiet'), nor does a duplicate: no message to compare.
      if (!outcome.ts) return expect(['quiet', 'duplicate']).toContain(outcome.action);
      expect(posted).toBeDefined();
      if (expected[i] === 'generic') return expect(posted?.text).toBe(generic(delivery).text);
      if (rendered) expect(posted?.text).toBe(rendered[0]?.text);
    });
  });
});
