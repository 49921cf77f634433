import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/paths';

/**
 * `lamplighter render … | jq` (issue 20, item 8): the CLI must not exit before a piped stdout
 * has drained. Run as a person runs it, the built CLI with a pipe whose reader is slow to start
 * (as jq is), on an output of megabytes: every message arrives.
 */
const BIN = join(ROOT, 'bin', 'lamplighter.js');
const RECORDS = 300;

describe('lamplighter render into a pipe', () => {
  it(`prints all ${RECORDS} messages (about 1.5 MB) to a reader that starts late`, async () => {
    // The test reads the built CLI, as bin/lamplighter.js does (`npm run build`).
    expect(existsSync(join(ROOT, 'dist', 'cli', 'index.js'))).toBe(true);
    const fixture = readFileSync(
      join(ROOT, 'test', 'fixtures', 'rheoceros', 'sns-cloudwatch-alarm-metric-real-capture.json'),
      'utf8',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'lamplighter-pipe-')), 'alarms.jsonl');
    writeFileSync(file, Array.from({ length: RECORDS }, () => JSON.stringify(JSON.parse(fixture))).join('\n'));

    const child = spawn(process.execPath, [BIN, 'render', file, '--jsonl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Not read until the CLI has had time to finish writing and exit: the pipe fills (64 KiB).
    child.stdout.pause();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise((resolve) => child.stdout.on('close', resolve));
    child.stdout.resume();
    const [code] = await Promise.all([exited, closed]);

    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(code).toBe(0);
    expect(lines.length).toBe(RECORDS);
    expect(lines.every((l) => (JSON.parse(l) as { text?: string }).text?.startsWith('ALARM:'))).toBe(true);
  });

  it('stops quietly when the reader stops early (`| head -c 100`)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lamplighter-pipe-')), 'alarms.jsonl');
    const fixture = readFileSync(
      join(ROOT, 'test', 'fixtures', 'rheoceros', 'sns-cloudwatch-alarm-metric-real-capture.json'),
      'utf8',
    );
    writeFileSync(file, Array.from({ length: RECORDS }, () => JSON.stringify(JSON.parse(fixture))).join('\n'));
    const child = spawn(process.execPath, [BIN, 'render', file, '--jsonl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.once('data', () => child.stdout.destroy());
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });
});
