import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogsPort, toLogsError } from '../../../src/adapters/aws/cloudwatch-logs';
import { maySearch } from '../../../src/features/logs/access';
import { parseLogsCommand, type LogsSearch } from '../../../src/features/logs/command';
import type { LogsPort } from '../../../src/features/logs/port';
import { MAX_FILTER_CALLS, resolveGroup, runInsights, searchLogs } from '../../../src/features/logs/search';
import { loadSlackAppConfig } from '../../../src/config/slack-app';
import { formatInsights, formatSearchResult } from '../../../src/features/logs/format';
import { messageErrors } from '../../../src/sandbox/block-limits';

const now = new Date('2026-11-27T14:00:00Z');
const cmd = (text: string) => {
  const parsed = parseLogsCommand(text, now);
  if (!parsed.ok || parsed.command.kind !== 'search') throw new Error('not a search');
  return parsed.command as LogsSearch;
};

describe('the CloudWatch Logs adapter', () => {
  it('sends the filter pattern to AWS exactly as typed (moto would match anything, so this is checked here)', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (c: { input: unknown }) => (sent.push(c.input), { events: [] }),
    } as unknown as CloudWatchLogsClient;
    const port = createLogsPort(client);
    for (const text of [
      'api { $.level = "ERROR" && $.latency > 500 }',
      'api [ip, user, ts, req, status=404, size]',
      'api "payment declined" -healthcheck ?x',
    ]) {
      const c = cmd(text);
      await port.filter({ group: '/aws/lambda/api', pattern: c.pattern, start: c.start, end: c.end });
    }
    expect(sent.map((i) => (i as { filterPattern: string }).filterPattern)).toEqual([
      '{ $.level = "ERROR" && $.latency > 500 }',
      '[ip, user, ts, req, status=404, size]',
      '"payment declined" -healthcheck ?x',
    ]);
  });

  it.each([
    ['AccessDeniedException', 'access_denied', "Lamplighter's role may not read log group /g."],
    ['InvalidParameterException', 'bad_pattern', 'CloudWatch Logs rejected the request: Invalid filter pattern'],
    ['ThrottlingException', 'throttled', 'CloudWatch Logs is throttling requests; try again in a minute.'],
    ['ResourceNotFoundException', 'not_found', 'Log group not found: /g.'],
  ])('turns %s into an answer a person can act on', (name, code, message) => {
    const err = toLogsError(Object.assign(new Error('Invalid filter pattern'), { name }), '/g');
    expect([err.code, err.message]).toEqual([code, message]);
  });
});

describe('searching', () => {
  function pagedPort(pages: number, perPage: number): LogsPort & { calls: number } {
    const port = {
      calls: 0,
      listGroups: async () => [],
      startQuery: async () => 'q',
      queryResults: async () => ({ status: 'Complete', rows: [] }),
      async filter({ nextToken }: { nextToken?: string }) {
        port.calls++;
        const page = Number(nextToken ?? 0);
        const events = Array.from({ length: perPage }, (_, i) => ({
          timestamp: page * perPage + i,
          stream: 's',
          message: `line ${page * perPage + i}`,
        }));
        return { events, ...(page + 1 < pages ? { nextToken: String(page + 1) } : {}) };
      },
    };
    return port;
  }

  it('follows nextToken until the range is read, keeping the newest lines', async () => {
    const port = pagedPort(3, 40);
    const result = await searchLogs(cmd('api --limit 50'), '/g', port);
    expect(port.calls).toBe(3);
    expect(result).toMatchObject({ matched: 120, complete: true });
    expect(result.lines.map((l) => l.message)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${70 + i}`));
  });

  it('stops after a bounded number of calls and says the count is a floor', async () => {
    const port = pagedPort(100, 10);
    const result = await searchLogs(cmd('api'), '/g', port);
    expect(port.calls).toBe(MAX_FILTER_CALLS);
    expect(result.complete).toBe(false);
    const reply = formatSearchResult(result, { partition: 'aws', region: 'us-east-1' });
    expect(JSON.stringify(reply.message.blocks)).toContain(
      `at least ${MAX_FILTER_CALLS * 10} events (Lamplighter stopped reading; narrow the range)`,
    );
    // Pages run forward: the lines shown are honestly called the last of those read, not the newest.
    expect(JSON.stringify(reply.message.blocks)).toContain(
      'The last 50 of the lines read are shown, not the newest of the range.',
    );
    expect(messageErrors(reply.message as unknown as Record<string, unknown>)).toEqual([]);
  });
});

describe('finding the group', () => {
  const groups = ['/aws/lambda/api-prod', '/aws/lambda/api-staging', '/aws/lambda/billing-worker', '/ecs/payments'];
  const port = {
    listGroups: async (prefix: string) => groups.filter((g) => g.startsWith(prefix)),
  } as unknown as LogsPort;
  const who = { user: 'U1', channel: 'C1' };
  const deps = {
    logs: port,
    aliases: { billing: '/aws/lambda/billing-worker' },
    access: { allowedPrefixes: ['/aws/lambda/'] },
  };

  it.each([
    ['/aws/lambda/api-prod', { kind: 'found', group: '/aws/lambda/api-prod' }],
    ['billing', { kind: 'found', group: '/aws/lambda/billing-worker' }],
    ['api-prod', { kind: 'found', group: '/aws/lambda/api-prod' }],
    ['staging', { kind: 'found', group: '/aws/lambda/api-staging' }],
    ['api', { kind: 'ambiguous', input: 'api', candidates: ['/aws/lambda/api-prod', '/aws/lambda/api-staging'] }],
    ['payments', { kind: 'unknown', input: 'payments', closest: expect.not.arrayContaining(['/ecs/payments']) }],
  ])('%s → %j', async (input, expected) => {
    expect(await resolveGroup(input, deps, who)).toEqual(expected);
  });
});

describe('access', () => {
  const access = {
    allowedPrefixes: ['/aws/lambda/'],
    policy: [
      { groups: ['/aws/lambda/billing-'], channels: ['C0BILLING1'] },
      { groups: ['/aws/lambda/'], users: ['U0ONCALL1'] },
    ],
  };

  it.each([
    [{ user: 'U0ANYONE1', channel: 'C0BILLING1' }, '/aws/lambda/billing-worker', true],
    [{ user: 'U0ANYONE1', channel: 'C0RANDOM01' }, '/aws/lambda/billing-worker', false],
    [{ user: 'U0ONCALL1', channel: 'C0RANDOM01' }, '/aws/lambda/api-prod', true],
    [{ user: 'U0ONCALL1', channel: 'C0RANDOM01' }, '/ecs/payments', false],
  ])('%j on %s: %s', (who, group, allowed) => {
    expect(maySearch(access, who, group)).toBe(allowed);
  });

  it('can narrow by user group', () => {
    const byGroup = {
      allowedPrefixes: ['/aws/lambda/'],
      policy: [{ groups: ['/aws/lambda/'], userGroups: ['S0SRE0001'] }],
    };
    expect(maySearch(byGroup, { user: 'U1', channel: 'C1', userGroups: ['S0SRE0001'] }, '/aws/lambda/x')).toBe(true);
    expect(maySearch(byGroup, { user: 'U1', channel: 'C1', userGroups: [] }, '/aws/lambda/x')).toBe(false);
  });

  it('with no policy, everyone may search the allowed groups, and nothing else', () => {
    expect(maySearch({ allowedPrefixes: ['/aws/lambda/'] }, { user: 'U', channel: 'C' }, '/aws/lambda/x')).toBe(true);
    expect(maySearch({ allowedPrefixes: ['/aws/lambda/'] }, { user: 'U', channel: 'C' }, '/ecs/x')).toBe(false);
  });

  it('fails at start-up on a bad policy, naming the entry', () => {
    expect(() =>
      loadSlackAppConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 't', LOGS_ACCESS_POLICY: '[{"groups":[]}]' }),
    ).toThrow('LOGS_ACCESS_POLICY[0].groups: must not be empty');
    // A channel by name would never match: requests carry the channel's id.
    expect(() =>
      loadSlackAppConfig({
        SLACK_SIGNING_SECRET: 's',
        SLACK_BOT_TOKEN: 't',
        LOGS_ACCESS_POLICY: '[{"groups":["/aws/lambda/"],"channels":["#billing"]}]',
      }),
    ).toThrow(/LOGS_ACCESS_POLICY\[0\]\.channels\[0\]: Slack channel ids look like C0123ABCD/);
    expect(() =>
      loadSlackAppConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 't', LOGS_ALIASES: '["x"]' }),
    ).toThrow('LOGS_ALIASES: must be a JSON object');
  });
});

describe('Logs Insights', () => {
  it('polls until the query completes and shows the rows as a table, without @ptr', async () => {
    const statuses = ['Scheduled', 'Running', 'Complete'];
    const port = {
      startQuery: async () => 'query-1',
      queryResults: async () => ({
        status: statuses.shift() ?? 'Complete',
        rows: [
          [
            { field: '@timestamp', value: '2026-11-27 13:59:01.000' },
            { field: 'count', value: '42' },
            { field: '@ptr', value: 'xyz' },
          ],
        ],
      }),
    } as unknown as LogsPort;
    const parsed = parseLogsCommand('insights api stats count(*) by bin(1m)', now);
    if (!parsed.ok || parsed.command.kind !== 'insights') throw new Error('not insights');
    const sleeps: number[] = [];
    const result = await runInsights(parsed.command, '/aws/lambda/api', port, {
      deadline: () => Date.now() + 60_000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(sleeps).toEqual([1000, 1000]);
    expect(result).toEqual({
      group: '/aws/lambda/api',
      query: 'stats count(*) by bin(1m)',
      status: 'Complete',
      columns: ['@timestamp', 'count'],
      rows: [['2026-11-27 13:59:01.000', '42']],
    });
    const reply = formatInsights(result);
    expect(JSON.stringify(reply.message.blocks)).toContain('@timestamp               count');
  });

  it('stops polling at the deadline, stops the query, and says so', async () => {
    const stopped: string[] = [];
    const port = {
      startQuery: async () => 'q',
      queryResults: async () => ({ status: 'Running', rows: [] }),
      stopQuery: async (id: string) => void stopped.push(id),
    } as unknown as LogsPort;
    const parsed = parseLogsCommand('insights api fields @message', now);
    if (!parsed.ok || parsed.command.kind !== 'insights') throw new Error('not insights');
    const result = await runInsights(parsed.command, '/g', port, {
      deadline: () => Date.now() + 500,
      sleep: async () => undefined,
    });
    expect(result.status).toBe('Timeout');
    expect(stopped).toEqual(['q']);
  });
});
