/**
 * `npm run bench` (after `npm run build`): the cold-start table, then the alarm storm. Pass
 * `cold` or `storm` to run one. Figures are printed, never asserted: CI does not run this.
 */
import { cpus } from 'node:os';
import { coldStartTable } from './cold-start';
import { stormTable } from './storm';

async function main() {
  const only = process.argv[2];
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  console.log(`Lamplighter benchmarks on ${machine}\n`);
  if (only !== 'storm') console.log(`Cold load\n\n${coldStartTable()}\n`);
  if (only !== 'cold') console.log(`Alarm storm\n\n${await stormTable()}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
