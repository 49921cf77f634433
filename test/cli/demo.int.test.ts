import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../support/paths';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const childrenOf = (pid: number) => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((p) => p > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
};

/** A port held by another program, as 3000 often is; resolves undefined if something else holds it already. */
async function hold(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every child process seen while it ran (moto among them). */
  children: number[];
}

/** Runs the built CLI's demo, noting its child processes; `signalWhen` sends SIGINT once the output says so. */
function demo(args: string[], env: NodeJS.ProcessEnv, signalWhen?: (r: Run) => boolean): Promise<Run> {
  const child = spawn('node', [join(ROOT, 'bin', 'lamplighter.js'), 'demo', ...args], {
    env: { ...process.env, AWS_ENDPOINT_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, stdout: '', stderr: '', children: [] };
  let signalled = false;
  const watch = setInterval(() => {
    for (const pid of childrenOf(child.pid!)) if (!run.children.includes(pid)) run.children.push(pid);
    if (signalWhen && !signalled && signalWhen(run)) {
      signalled = true;
      child.kill('SIGINT');
    }
  }, 50);
  child.stdout.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(watch);
      run.code = code;
      resolve(run);
    }),
  );
}

/** The README's run command, as a newcomer runs it: the built CLI, its own moto, its own Slack. */
describe('npx lamplighter demo', () => {
  let blocker: Server | undefined;
  beforeAll(async () => {
    blocker = await hold(3000);
  });
  afterAll(() => blocker?.close());

  it('with port 3000 taken: takes a free port, renders the alarm and answers /logs, as readable text', async () => {
    const run = await demo([], { PORT: undefined });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('🔴 ALARM: api-prod-http-404');
    expect(run.stdout).toContain('   State: 🔴 ALARM (was OK)');
    expect(run.stdout).toMatch(/→ HTTP 200 in \d+ ms: ⏳ Searching…/);
    expect(run.stdout).toContain('2 events in /aws/lambda/demo-api matching "payment declined"');
    expect(run.stdout).toContain('ERROR payment declined for order 43 <!channel>');
    expect(run.stdout).toMatch(/Open this search in CloudWatch \(https:\/\/us-east-1\.console\.aws\.amazon\.com\//);
    expect(run.stdout).not.toContain('GET /health');
    // Slack's markup is not shown raw: no *bold* markers, <url|text> links or :emoji: codes.
    expect(run.stdout).not.toMatch(/\*State\*|<https?:|:red_circle:|```/);
    // Every line of a message is indented alike.
    const alarm = run.stdout.split('\n\n')[1]!.split('\n');
    expect(alarm.every((l) => l.startsWith('   '))).toBe(true);
    expect(run.children.filter(alive)).toEqual([]);
  });

  it('with PORT naming a port in use: one line saying so, no stack trace, and moto stopped', async () => {
    const held = await hold(0);
    const port = (held!.address() as { port: number }).port;
    try {
      const run = await demo([], { PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`lamplighter demo: port ${port} is in use; unset PORT to take a free one\n`);
      expect(run.children.length).toBeGreaterThan(0);
      expect(run.children.filter(alive)).toEqual([]);
    } finally {
      held!.close();
    }
  });

  it('Ctrl-C while starting stops moto too', async () => {
    const run = await demo([], { PORT: undefined }, (r) => r.children.length > 0);
    expect(run.children.length).toBeGreaterThan(0);
    expect(run.code).toBe(130);
    await new Promise((r) => setTimeout(r, 200));
    expect(run.children.filter(alive)).toEqual([]);
  });

  it('--keep serves until Ctrl-C, then stops everything and exits 0', async () => {
    const run = await demo(['--keep'], { PORT: undefined }, (r) => r.stdout.includes('Serving until Ctrl-C'));
    expect(run.code).toBe(0);
    expect(run.children.filter(alive)).toEqual([]);
  });
});
