import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Starts moto_server on a free loopback port for the integration suites (they run in band). */
async function freePort(): Promise<number> {
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

async function waitUntilUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not start at ${url}: ${String(lastError)}`);
}

export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  moto.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    moto.once('exit', (code) => reject(new Error(`moto_server exited (${code}); is moto[server] installed? ${stderr}`))),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilUp(`${endpoint}/moto-api/`, 30_000), exited]);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    LAMPLIGHTER_MOTO_PID: String(moto.pid),
  });
  (globalThis as { __moto?: unknown }).__moto = moto;
}
