/**
 * `npm run bench` (after `npm run build`): cold loads, the Slack ack, the alarm storm, hostile
 * input. Pass `cold`, `ack`, `storm` or `hostile` to run one. Figures are printed, never
 * asserted: CI does not run this.
 */
import { cpus } from 'node:os';
import { ackTable } from './ack';
import { coldStartTable } from './cold-start';
import { hostileTable } from './hostile';
import { stormTable } from './storm';

async function main() {
  const only = process.argv[2];
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  console.log(`Lamplighter benchmarks on ${machine}\n`);
  if (!only || only === 'cold') console.log(`Cold load\n\n${coldStartTable()}\n`);
  if (!only || only === 'ack') console.log(`Slack ack\n\n${await ackTable()}\n`);
  if (!only || only === 'storm') console.log(`Alarm storm\n\n${await stormTable()}\n`);
  if (!only || only === 'hostile') console.log(`Hostile input, formatted\n\n${await hostileTable()}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
