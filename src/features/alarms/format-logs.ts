import { logEventsConsoleUrl } from '../../kernel/aws/console-urls';
import type { Block } from '../../kernel/slack/blocks';
import { formatTimeOfDay, formatUtc, inlineCode } from '../../kernel/slack/format';
import { codeBlock, link, LIMITS, section } from '../../kernel/slack/text';
import { bounded } from '../../kernel/untrusted';
import type { LogExcerpt } from './log-excerpt';
import { plural } from '../../kernel/plural';

/** The alarm message's log lines: where they were read, and the lines themselves, newest kept. */
export function logBlocks(logs: LogExcerpt, partition: string, region: string | undefined): Block[] {
  // A very long pattern makes a link longer than the lines it would sit beside: leave it out.
  const linkPattern = logs.filterPattern.length <= 200 ? logs.filterPattern : undefined;
  const url = region
    ? logEventsConsoleUrl(partition, region, logs.logGroup, {
        filterPattern: linkPattern,
        start: logs.window.start,
        end: logs.window.end,
      })
    : undefined;
  const where = `${inlineCode(logs.logGroup)}${logs.filterPattern ? ` matching ${inlineCode(logs.filterPattern)}` : ''}`;
  const count = plural(logs.lines.length, 'matching log line');
  const title = logs.lines.length
    ? `${logs.complete ? `*Last ${count}*` : `*${count}* (more matched than were read)`} in ${where}, ${formatTimeOfDay(logs.window.start)}–${formatTimeOfDay(logs.window.end)}`
    : `*No matching log lines* in ${where} between ${formatUtc(logs.window.start)} and ${formatUtc(logs.window.end)}`;
  const blocks: Block[] = [section(title + (url ? ` · ${link(url, 'open in console')}` : ''))];
  if (logs.lines.length) {
    const text = logs.lines
      .map((l) => `${l.timestamp.toISOString().slice(11, 19)} ${bounded(l.stream)}  ${bounded(l.message).trimEnd()}`)
      .join('\n');
    blocks.push(section(codeBlock(text, LIMITS.sectionText, url ? link(url, 'all lines in the console') : undefined)));
  }
  return blocks;
}
