import { parseLogsCommand, type LogsSearch } from '../../../src/features/logs/command';
import { parseTime } from '../../../src/kernel/command-text';

const now = new Date('2026-11-27T14:00:00Z');

function search(text: string): LogsSearch {
  const parsed = parseLogsCommand(text, now);
  if (!parsed.ok || parsed.command.kind !== 'search') throw new Error(`not a search: ${JSON.stringify(parsed)}`);
  return parsed.command;
}

function error(text: string): string {
  const parsed = parseLogsCommand(text, now);
  if (parsed.ok) throw new Error(`parsed: ${JSON.stringify(parsed)}`);
  return parsed.error;
}

describe('/logs parsing', () => {
  it('reads the short form with defaults: the last hour, 50 lines, only to the caller', () => {
    expect(search('api-prod')).toEqual({
      kind: 'search',
      group: 'api-prod',
      pattern: '',
      start: new Date('2026-11-27T13:00:00Z'),
      end: now,
      rangeLabel: 'last 1h',
      limit: 50,
      share: false,
    });
  });

  it('reads the canonical form with every option', () => {
    expect(
      search('search /aws/lambda/api-prod ERROR --since 2h --until 30m --limit 200 --stream 2026/11/27 --share'),
    ).toMatchObject({
      group: '/aws/lambda/api-prod',
      pattern: 'ERROR',
      start: new Date('2026-11-27T12:00:00Z'),
      end: new Date('2026-11-27T13:30:00Z'),
      limit: 200,
      streamPrefix: '2026/11/27',
      share: true,
    });
  });

  it.each([
    ['api-prod "payment declined" --since 1h', '"payment declined"'],
    ['api-prod { $.level = "ERROR" }', '{ $.level = "ERROR" }'],
    ['api-prod ?timeout ?refused', '?timeout ?refused'],
    ['api-prod ERROR -healthcheck', 'ERROR -healthcheck'],
    ['api-prod [ip, user, ts, request, status_code=404, size]', '[ip, user, ts, request, status_code=404, size]'],
    ['api-prod { $.latency &gt; 500 }', '{ $.latency > 500 }'],
    ['api-prod \u201cpayment declined\u201d', '"payment declined"'],
    ["api-prod can't connect --since 2h", "can't connect"],
    ['api-prod don\u2019t --limit 5', "don't"],
  ])('passes the pattern of %s to AWS unchanged: %s', (text, pattern) => {
    expect(search(text).pattern).toBe(pattern);
  });

  it.each([
    ['15m', '2026-11-27T13:45:00Z'],
    ['2h', '2026-11-27T12:00:00Z'],
    ['1d2h', '2026-11-26T12:00:00Z'],
    ['2d', '2026-11-25T14:00:00Z'],
    ['2026-11-27T09:30:00Z', '2026-11-27T09:30:00Z'],
    ['2026-11-27T09:30', '2026-11-27T09:30:00Z'],
  ])('--since %s starts at %s (UTC)', (since, start) => {
    expect(search(`api --since ${since}`).start).toEqual(new Date(start));
    expect(parseTime(since, now)).toEqual(new Date(start));
  });

  it('reads --option=value too', () => {
    expect(search('api --since=15m --limit=5')).toMatchObject({ limit: 5, start: new Date('2026-11-27T13:45:00Z') });
  });

  it.each([
    ['', ''],
    ['help', ''],
    ['api --since yesterday', '`--since yesterday` is not a time'],
    ['api --since 1h --until 2h', '`--since` must be before `--until`'],
    ['api --limit 0', '`--limit` is a whole number from 1 to 1000'],
    ['api --limit many', '`--limit` is a whole number'],
    ['api --color red', 'unknown option `--color`'],
    ['api --since', '`--since` needs a value'],
    ['insights api-prod', '`/logs insights` needs a GROUP and a QUERY'],
    ['api "payment declined --since 2h', 'a " quote is never closed'],
    ['api { $.level = "ERROR" --since 2h', 'a { or [ is never closed'],
    ['api ERROR --share=no', '`--share` takes no value'],
    ['api --color `<!channel>`', 'unknown option `--color`'],
  ])('answers %j with usage: %s', (text, message) => {
    expect(error(text)).toContain(message);
  });

  it('reads groups and insights', () => {
    expect(parseLogsCommand('groups /aws/lambda/', now)).toEqual({
      ok: true,
      command: { kind: 'groups', prefix: '/aws/lambda/' },
    });
    expect(
      parseLogsCommand(
        'insights api-prod fields @timestamp, @message | filter @message like /ERROR/ | limit 20 --since 3h',
        now,
      ),
    ).toEqual({
      ok: true,
      command: {
        kind: 'insights',
        group: 'api-prod',
        query: 'fields @timestamp, @message | filter @message like /ERROR/ | limit 20',
        start: new Date('2026-11-27T11:00:00Z'),
        end: now,
        rangeLabel: 'last 3h',
        share: false,
      },
    });
  });
});
