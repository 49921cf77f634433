import { execFileSync, spawn } from 'node:child_process';
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

/** `npm start`'s command as a person runs it: one URL printed, a page there, Ctrl-C stops it all. */
describe('npx lamplighter sandbox', () => {
  it('prints one URL, serves the page there, and stops everything (moto too) on SIGINT', async () => {
    const child = spawn('node', [join(ROOT, 'bin', 'lamplighter.js'), 'sandbox'], {
      env: { ...process.env, PORT: '', AWS_ENDPOINT_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 25 s: ${stdout}`)), 25_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /open (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    expect(stdout.match(/https?:\/\//g)).toHaveLength(1);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Lamplighter sandbox');
    expect(html).toContain('<script src="/client.js"></script>');
    expect((await fetch(`${url}/client.js`)).status).toBe(200);
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((pid) => pid > 0);
    expect(children.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
    expect(children.filter(alive)).toEqual([]);
    await expect(fetch(url)).rejects.toThrow();
  });
});
