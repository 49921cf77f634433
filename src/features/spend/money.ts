import { trimEndOf } from '../../kernel/untrusted';
/** "$0.78", "$0.0104", "$569.40", "$12,345". */
export function formatUsd(amount: number): string {
  if (amount >= 1000) return '$' + Math.round(amount).toLocaleString('en-US');
  if (amount >= 0.1 || amount === 0) return '$' + amount.toFixed(2);
  return '$' + trimEndOf(trimEndOf(amount.toPrecision(3), '0'), '.');
}
