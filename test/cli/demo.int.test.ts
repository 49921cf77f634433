import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/paths';

const run = promisify(execFile);

/** The README's run command, as a newcomer runs it: the built CLI, its own moto, its own Slack. */
describe('npx lamplighter demo', () => {
  it('renders the sample alarm, then answers a signed /logs with exactly the matching, escaped lines', async () => {
    const { stdout } = await run('node', [join(ROOT, 'bin', 'lamplighter.js'), 'demo'], {
      env: { ...process.env, PORT: '0', AWS_ENDPOINT_URL: '' },
      timeout: 60_000,
    });
    expect(stdout).toContain(':red_circle: ALARM: api-prod-http-404');
    expect(stdout).toMatch(/→ HTTP 200 in \d+ ms: :hourglass_flowing_sand: Searching…/);
    expect(stdout).toContain('*2 events* in `/aws/lambda/demo-api` matching `"payment declined"`');
    expect(stdout).toContain('ERROR payment declined for order 43 <!channel>');
    expect(stdout).not.toContain('GET /health');
  });
});
