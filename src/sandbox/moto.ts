import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port (closed again before returning, so there is a small race; fine locally). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Moto {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `moto_server` (pip install "moto[server]") on a free loopback port and waits until it answers. */
export async function startMoto(timeoutMs = 30_000): Promise<Moto> {
  const port = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  moto.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => {
    moto.once('error', (err) =>
      reject(new Error(`moto_server could not start (${err.message}); install it with: pip install "moto[server]"`)),
    );
    moto.once('exit', (code) => reject(new Error(`moto_server exited (${code}): ${stderr}`)));
  });
  const up = (async () => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms`);
  })();
  await Promise.race([up, exited]);
  exited.catch(() => undefined);
  return {
    endpoint,
    process: moto,
    stop: () =>
      new Promise<void>((resolve) => {
        if (moto.exitCode !== null) return resolve();
        moto.once('exit', () => resolve());
        moto.kill('SIGTERM');
      }),
  };
}
