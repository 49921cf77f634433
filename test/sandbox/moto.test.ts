import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitReason, startMoto } from '../../src/sandbox/moto';

describe('starting moto', () => {
  const saved = process.env.LAMPLIGHTER_PYTHON;
  let dir = '';
  afterEach(() => {
    if (saved === undefined) delete process.env.LAMPLIGHTER_PYTHON;
    else process.env.LAMPLIGHTER_PYTHON = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the cure when the Python has no moto server (a real Python without site-packages)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'no-moto-'));
    const python = join(dir, 'python-without-moto');
    // `-S`: no site-packages, so werkzeug and moto are missing, as on a fresh machine.
    writeFileSync(python, '#!/bin/sh\nexec python3 -S "$@"\n');
    chmodSync(python, 0o755);
    process.env.LAMPLIGHTER_PYTHON = python;
    await expect(startMoto(10_000)).rejects.toThrow(
      `moto is not installed for ${python} (No module named 'werkzeug'): install it with: pip install "moto[server]"`,
    );
  });

  it('keeps any other failure as moto said it', () => {
    expect(exitReason('python3', 1, 'OSError: [Errno 98] Address already in use')).toBe(
      'moto_server exited (1): OSError: [Errno 98] Address already in use',
    );
  });
});
