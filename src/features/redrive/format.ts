import type { Admission } from './admit';
import type { DeadLetter } from './record';
import type { RedriveResult } from './redrive';
import { plural } from '../../kernel/plural';

/** Who the record says it acts for, and whether that holds: the operator sees it before acting. */
function userLine(letter: DeadLetter, admission: Admission): string {
  if (letter.claimedUser === undefined) return 'user: none (an AWS event, not a Slack request)';
  const how =
    admission.userSigned === true
      ? 'signed by the Slack gateway'
      : admission.userSigned === false
        ? 'not signed by the Slack gateway'
        : 'not checked';
  return `user: ${letter.claimedUser} (${how})`;
}

function verdictLine(r: Exclude<RedriveResult, { outcome: 'unreadable' }>): string {
  const { admission } = r;
  if (r.outcome === 'replayed') return 'replayed, and deleted from the queue';
  if (r.outcome === 'failed') return `replay FAILED (${r.error}); left in the queue`;
  if (admission.verdict === 'refuse') return `refused: ${admission.reason}; left in the queue`;
  if (admission.verdict === 'skip') return `not replayed: ${admission.reason}; left in the queue`;
  return 'would be replayed';
}

/** The operator's report, one entry per message, then what to do next. */
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
    return [
      `${n}${letter.functionName} · account ${letter.account} · ${letter.region} · ${when} · ${letter.condition}${tries}`,
      letter.what,
      `error: ${letter.error}`,
      userLine(letter, r.admission),
      verdictLine(r),
    ].join('\n    ');
  });
  const count = (f: (r: RedriveResult) => boolean) => results.filter(f).length;
  const refused = count((r) => r.outcome !== 'unreadable' && r.admission.verdict === 'refuse');
  const tail = replay
    ? (() => {
        const replayed = count((r) => r.outcome === 'replayed');
        const failed = count((r) => r.outcome === 'failed');
        return `${replayed} replayed, ${failed} failed again, ${refused} refused, ${results.length - replayed - failed - refused} left as they were.`;
      })()
    : `${plural(results.length, 'message')}, ${refused} would be refused. Nothing was changed (a dry run): run again with --yes to replay the others.`;
  return `${lines.join('\n')}\n\n${tail}\n`;
}
