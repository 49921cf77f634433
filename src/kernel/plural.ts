/**
 * A count and its noun, in the right number: "1 snapshot", "2 snapshots", "1,024 volumes".
 * Never the "(s)" form: people read the number, and the word should agree with it.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
