import type { RedriveResult } from './redrive';

/** The operator's report, one line per message, then what to do next. */
export function formatRedrive(results: readonly RedriveResult[], replay: boolean): string {
  if (!results.length) return 'The dead-letter queue is empty.\n';
  const lines = results.map((r, i) => {
    const n = `${i + 1}.`.padEnd(4);
    if (r.outcome === 'unreadable')
      return `${n}not a Lambda failure record (message ${r.message.id}); left in the queue`;
    const { letter } = r;
    const when = letter.at
      ? letter.at
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d{3}Z$/, ' UTC')
      : 'unknown time';
    const tries = letter.attempts ? ` after ${letter.attempts} attempts` : '';
    const head = `${n}${letter.functionName} · ${when} · ${letter.condition}${tries}\n    ${letter.what}\n    error: ${letter.error}`;
    if (r.outcome === 'replayed') return `${head}\n    replayed, and deleted from the queue`;
    if (r.outcome === 'failed') return `${head}\n    replay FAILED (${r.error}); left in the queue`;
    return head;
  });
  const replayed = results.filter((r) => r.outcome === 'replayed').length;
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const tail = replay
    ? `${replayed} replayed, ${failed} failed again, ${results.length - replayed - failed} left as they were.`
    : `${results.length} message${results.length === 1 ? '' : 's'}. Nothing was changed (a dry run): run again with --yes to replay them.`;
  return `${lines.join('\n')}\n\n${tail}\n`;
}
