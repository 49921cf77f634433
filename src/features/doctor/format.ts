import type { Check } from './checks';

const MARK = { ok: '✓', fail: '✗', skipped: '·' } as const;

/** One line per check (✓ / ✗ / · not checked), and what to do under a failed one. */
export function formatCheck(check: Check): string {
  const line = `${MARK[check.status]} ${check.name}: ${check.detail}`;
  return check.status === 'fail' && check.fix ? `${line}\n    → ${check.fix}` : line;
}

/** The last line: how many checks failed. */
export function formatSummary(checks: Check[]): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  return failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`;
}
