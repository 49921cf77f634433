import { bounded, MAX_UNTRUSTED } from '../../kernel/untrusted';
import type { GroupResolution, InsightsResult, SearchResult } from './search';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { logEventsConsoleUrl } from '../../kernel/aws/console-urls';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import {
  codeBlock,
  context,
  escapeMrkdwn,
  headUnits,
  LIMITS,
  link,
  section,
  textMessage,
} from '../../kernel/slack/text';

/** A reply, and the whole result as a file when it does not fit in a message. */
export interface LogsReply {
  message: SlackMessage;
  file?: { filename: string; title: string; content: string };
}

const reply = textMessage;

/** A line as shown: bounded before anything else reads it; `whole` for the attached file (no regex reads it). */
function lineText(e: { timestamp: number; stream: string; message: string }, whole = false): string {
  const message = whole ? e.message : bounded(e.message);
  return `${new Date(e.timestamp).toISOString().replace('T', ' ').slice(0, 19)} ${bounded(e.stream)}  ${message.trimEnd()}`;
}

const wholeLine = (e: { timestamp: number; stream: string; message: string }) => lineText(e, true);

/** Room for the lines: the section limit less the fence. */
const CODE_ROOM = LIMITS.sectionText;

export function formatSearchResult(r: SearchResult, where: { partition: string; region: string }): LogsReply {
  const url = logEventsConsoleUrl(where.partition, where.region, r.group, {
    filterPattern: r.pattern.length <= 500 ? r.pattern : undefined,
    start: r.start,
    end: r.end,
  });
  const matched = r.complete
    ? `${r.matched} event${r.matched === 1 ? '' : 's'}`
    : `at least ${r.matched} events (Lamplighter stopped reading; narrow the range)`;
  const what = `${inlineCode(r.group)}${r.pattern ? ` matching ${inlineCode(r.pattern)}` : ''}`;
  const when = `${formatUtc(r.start)} to ${formatUtc(r.end)} (${escapeMrkdwn(r.rangeLabel)})`;
  const head = `:mag: *${matched}* in ${what}\n${when}`;
  if (r.matched === 0) {
    return { message: reply(head, [section(head), context(link(url, 'Open this search in CloudWatch'))]) };
  }
  const text = r.lines.map((l) => lineText(l)).join('\n');
  const block = codeBlock(text, CODE_ROOM);
  const cut =
    block.startsWith('_(') ||
    r.lines.length < r.allLines.length ||
    r.lines.some((l) => l.message.length > MAX_UNTRUSTED);
  // Pages run forward from the start: when reading stopped early these are not the newest of the range.
  const shown =
    r.lines.length < r.matched
      ? r.complete
        ? `Newest ${r.lines.length} shown. `
        : `The last ${r.lines.length} of the lines read are shown, not the newest of the range. `
      : '';
  const blocks: Block[] = [section(head), section(block)];
  const file = cut
    ? {
        filename: `${r.group.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+/, '')}-${r.start.toISOString().slice(0, 16).replace(/[-:]/g, '')}.log`,
        title: `${r.group} ${r.pattern}`.trim(),
        content: r.allLines.map(wholeLine).join('\n') + '\n',
      }
    : undefined;
  blocks.push(
    context(
      `${shown}${file ? 'Every line read is in the .log file. ' : ''}${link(url, 'Open this search in CloudWatch')}`,
    ),
  );
  return { message: reply(`${r.matched} events in ${r.group}`, blocks), file };
}

export function formatResolution(res: Exclude<GroupResolution, { kind: 'found' }>): SlackMessage {
  if (res.kind === 'ambiguous') {
    return reply(
      `${inlineCode(res.input)} matches several log groups; say which:\n${res.candidates.map((c) => `• ${inlineCode(c)}`).join('\n')}`,
    );
  }
  const closest = res.closest.length
    ? `\nClosest names:\n${res.closest.map((c) => `• ${inlineCode(c)}`).join('\n')}`
    : '';
  return reply(`Log group not found: ${inlineCode(res.input)}.${closest}`);
}

export function formatGroups(prefix: string, groups: string[]): SlackMessage {
  if (groups.length === 0) return reply(`No log groups you may search${prefix ? ` under ${inlineCode(prefix)}` : ''}.`);
  const head = `:file_folder: *${groups.length} log group${groups.length === 1 ? '' : 's'}*${prefix ? ` under ${inlineCode(prefix)}` : ''}`;
  return reply(head, [section(head), section(codeBlock(groups.join('\n'), CODE_ROOM))]);
}

export function formatInsights(r: InsightsResult): LogsReply {
  const head = `:bar_chart: *Logs Insights* on ${inlineCode(r.group)}: ${r.rows.length} row${r.rows.length === 1 ? '' : 's'} (${escapeMrkdwn(r.status)})\n${inlineCode(r.query)}`;
  if (r.rows.length === 0) return { message: reply(head) };
  const widths = r.columns.map((c, i) =>
    Math.min(60, Math.max(c.length, ...r.rows.map((row) => (row[i] ?? '').length))),
  );
  const fmt = (cells: string[]) =>
    cells
      .map((v, i) => headUnits(v, 60).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const table = [fmt(r.columns), fmt(widths.map((w) => '-'.repeat(w))), ...r.rows.map(fmt)].join('\n');
  const block = codeBlock(table, CODE_ROOM);
  const file = block.startsWith('_(')
    ? {
        filename: 'insights.tsv',
        title: headUnits(r.query, 200),
        content: [r.columns, ...r.rows].map((row) => row.join('\t')).join('\n') + '\n',
      }
    : undefined;
  return {
    message: reply(head, [
      section(head),
      section(block),
      ...(file ? [context('All rows are in the attached file.')] : []),
    ]),
    file,
  };
}

/** A problem in words; the text may carry AWS's own message, so it is escaped. */
export function formatLogsProblem(text: string): SlackMessage {
  return reply(`:warning: ${escapeMrkdwn(text)}`);
}

export function formatUsage(error: string, usage: string): SlackMessage {
  return reply(`${error ? `:warning: ${error}\n\n` : ''}${usage}`);
}
