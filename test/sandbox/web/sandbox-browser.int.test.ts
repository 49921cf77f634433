import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { channelId } from '../../../src/sandbox/slack-api/channels';
import { actionsEnabled } from '../../support/aws';
import { jsonLogger } from '../../../src/kernel/log';
import { startSandbox, type Sandbox } from '../../../src/sandbox/web/start';

/**
 * The sandbox as a person uses it, in real Chromium (Debian's package, driven by playwright-core):
 * an alarm arrives red, is acknowledged, turns green in place; /logs answers with its lines drawn
 * as text; a spend warning arrives; a viewer's click on /snapshot's confirm is refused. It takes
 * the README's screenshots on the way. Needs `npm run build` (the page script is bundled).
 */
const ROOT = join(__dirname, '..', '..', '..');
// The README's pictures are refreshed with UPDATE_SCREENSHOTS=1; otherwise they are taken into
// dist/ (ignored by git), so a test run leaves the work tree as it found it.
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'dist', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const ALARM = 'api-prod-http-404';

let sandbox: Sandbox;
let browser: Browser;
let page: Page;
const logLines: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  for (const name of ['alarm', 'acknowledged', 'resolved', 'spend-warning', 'logs-answer'])
    rmSync(join(SHOTS, `${name}.png`), { force: true });
  sandbox = await startSandbox({ root: ROOT, log: jsonLogger((l) => logLines.push(l), 'WARN') });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`${sandbox.url}/?user=U0RESPONDR`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** The alarm's one top-level message in #alerts (the same element across updates). */
const alarmMessage = (): Locator =>
  page.locator('#messages article[data-msg]').filter({ has: page.locator('.b-header', { hasText: ALARM }) });

const scenario = async (label: string | RegExp) => {
  await page.locator('[data-scenario]', { hasText: label }).click();
  await page.locator('#status', { hasText: /: sent$/ }).waitFor();
};

const USER_IDS: Record<string, string> = { olive: 'U0OPERATOR', riley: 'U0RESPONDR', vic: 'U0VIEWER01' };
const actAs = (name: string) => page.locator('#user').selectOption(USER_IDS[name] ?? name);

const run = async (command: string) => {
  await page.locator('#command').fill(command);
  await page.locator('#composer button[type=submit]').click();
};

describe('the sandbox page, in Chromium', () => {
  it('fire an alarm: a red message appears, its hostile log line drawn as text', async () => {
    await scenario(`Fire ${ALARM}`);
    const message = alarmMessage();
    await message.waitFor();
    await expect(message.locator('.attachment').getAttribute('data-color')).resolves.toBe('#D13212');
    await expect(message.locator('.b-header').innerText()).resolves.toContain(`ALARM: ${ALARM}`);
    const lines = await message.locator('pre').innerText();
    expect(lines).toContain('"GET /<!channel>" 404');
    expect(lines).toContain('"GET /c?q=<script>" 404');
    await expect(message.locator('.mention').count()).resolves.toBe(0);
    await expect(message.locator('button', { hasText: 'Acknowledge' }).isVisible()).resolves.toBe(true);
    await page.locator('#messages').screenshot({ path: join(SHOTS, 'alarm.png') });
  });

  it('Acknowledge: the same message names who acknowledged', async () => {
    const ts = await alarmMessage().getAttribute('data-msg');
    await alarmMessage().locator('button', { hasText: 'Acknowledge' }).click();
    const message = page.locator(`#messages article[data-msg="${ts}"]`);
    // A line of its own under the header, not the grey context line at the foot.
    await message.locator('.b-section', { hasText: 'Acknowledged by @riley' }).waitFor();
    await expect(message.locator('.mention.user', { hasText: '@riley' }).count()).resolves.toBeGreaterThan(0);
    await expect(alarmMessage().count()).resolves.toBe(1);
    await page.locator('.ephemeral', { hasText: `You acknowledged ${ALARM}` }).waitFor();
    await message.screenshot({ path: join(SHOTS, 'acknowledged.png') });
  });

  it('resolve: the message turns green in place, and its thread holds the graph', async () => {
    const ts = await alarmMessage().getAttribute('data-msg');
    await scenario(`Resolve ${ALARM}`);
    const message = page.locator(`#messages article[data-msg="${ts}"]`);
    await message.locator('.attachment[data-color="#2EB67D"]').waitFor();
    await expect(message.locator('.b-header').innerText()).resolves.toMatch(/🟢/);
    // The resolved message keeps who acknowledged it, and says how long it lasted.
    await expect(message.locator('.b-section').first().innerText()).resolves.toMatch(
      /Resolved after .+ · acknowledged by @riley at \d\d:\d\d UTC/,
    );
    await expect(alarmMessage().count()).resolves.toBe(1);
    await message.locator('button.replies').click();
    const graph = page.locator('#thread img.upload');
    await graph.waitFor();
    await expect(graph.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'resolved.png') });
    await page.locator('#close-thread').click();
  });

  it('a provisioned DynamoDB table: a spend warning in #cost-watch, naming who and how much', async () => {
    await page.locator('[data-channel-link]', { hasText: 'cost-watch' }).click();
    await scenario('Create a provisioned DynamoDB table');
    const warning = page.locator('#messages article[data-msg]', { hasText: '$569.40' });
    await warning.waitFor();
    await expect(warning.innerText()).resolves.toMatch(/alice/);
    await warning.screenshot({ path: join(SHOTS, 'spend-warning.png') });
  });

  it('/logs from the composer: an answer only the caller sees, its lines escaped', async () => {
    await page.locator('[data-channel-link]', { hasText: 'alerts' }).click();
    await run('/logs demo-api "payment declined"');
    const answer = page.locator('.ephemeral', { hasText: 'events' }).filter({ has: page.locator('pre') });
    await answer.waitFor();
    await expect(answer.locator('.only').innerText()).resolves.toContain('Only visible to you');
    const lines = await answer.locator('pre').innerText();
    expect(lines).toContain('ERROR payment declined for order 43 <!channel>');
    expect(lines).not.toContain('GET /health');
    await expect(answer.locator('.mention').count()).resolves.toBe(0);
    // The answer replaced the command's "⏳ Searching…" acknowledgement, as Slack does.
    await expect(page.locator('#messages .ephemeral', { hasText: 'Searching…' }).count()).resolves.toBe(0);
    await answer.screenshot({ path: join(SHOTS, 'logs-answer.png') });
  });

  it("a viewer clicking /snapshot's confirm is refused; the preview is the one confirmation", async () => {
    await actAs('olive');
    await run('/snapshot web-1 before the deploy');
    const preview = page.locator('.ephemeral', { hasText: 'Snapshot 2 volumes' });
    await preview.locator('button', { hasText: 'Snapshot 2 volumes' }).waitFor();
    await expect(page.locator('#messages .ephemeral', { hasText: 'Working on it…' }).count()).resolves.toBe(0);
    await actAs('vic');
    await preview.locator('button', { hasText: 'Snapshot 2 volumes' }).click();
    // No second question: the click goes straight to Lamplighter, which checks the role.
    await page.locator('.ephemeral', { hasText: 'You need the operator role' }).waitFor();
    await expect(page.locator('dialog#confirm').isVisible()).resolves.toBe(false);
    await sandbox.idle();
    await expect(page.locator('#messages', { hasText: /Started \d snapshots/ }).count()).resolves.toBe(0);
    expect(logLines.filter((l) => l.includes('"ERROR"'))).toEqual([]);
  });

  it('a scenario posting to another channel marks that channel unread, until it is opened', async () => {
    await actAs('riley');
    const payments = page.locator('[data-channel-link]', { hasText: 'payments' });
    await expect(payments.locator('.badge').count()).resolves.toBe(0);
    await scenario(/payments-api-latency/);
    await payments.locator('.badge', { hasText: '1' }).waitFor();
    await expect(page.locator('[data-channel-link]', { hasText: 'alerts' }).locator('.badge').count()).resolves.toBe(0);
    await payments.click();
    const alarm = page.locator('#messages article[data-msg]', { hasText: 'payments-api-latency' });
    await alarm.waitFor();
    // What CloudWatch would send for this alarm (through moto): its p99, its threshold, its datapoint.
    const shown = await alarm.innerText();
    expect(shown).toContain('p99');
    expect(shown).not.toContain('Sum of');
    expect(shown).toContain('[1243.5 (');
    expect(shown).toContain('the threshold (800.0)');
    await payments.locator('.badge').waitFor({ state: 'detached' });
    await page.locator('[data-channel-link]', { hasText: 'alerts' }).click();
  });

  it('/alarms scrolls the channel to its answer, even when scrolled up', async () => {
    const pane = page.locator('#messages');
    await pane.evaluate((el) => (el.scrollTop = 0));
    await run('/alarms');
    const answer = page.locator('#messages .ephemeral', { hasText: /alarms? in ALARM/ });
    await answer.waitFor();
    // The answer's top lies inside the pane's visible area (not scrolled away above or below).
    const visible = () =>
      answer.evaluate((el) => {
        const p = document.getElementById('messages')!.getBoundingClientRect();
        const a = el.getBoundingClientRect();
        return a.top >= p.top - 1 && a.top < p.bottom - 20;
      });
    for (let i = 0; i < 20 && !(await visible()); i++) await page.waitForTimeout(100);
    await expect(visible()).resolves.toBe(true);
  });

  it('/trail names the call a scenario made (the sandbox keeps the trail moto lacks)', async () => {
    await scenario('Create a Redshift cluster');
    await run('/trail analytics-poc');
    const answer = page.locator('#messages .ephemeral', { hasText: 'CreateCluster' });
    await answer.waitFor();
    const shown = await answer.innerText();
    expect(shown).toContain('alice');
    expect(shown).toContain('us-east-1');
    expect(shown).not.toContain('No write calls');
  });

  it('took the README’s five screenshots', () => {
    for (const name of ['alarm', 'acknowledged', 'resolved', 'spend-warning', 'logs-answer'])
      expect(statSync(join(SHOTS, `${name}.png`)).size).toBeGreaterThan(1000);
  });
});

/**
 * What another site, open in the same browser, or a name rebound to 127.0.0.1, could make the
 * page do: post a signed `/mute … --actions` as the operator. None of it may reach serve.
 */
describe('the sandbox page, against other sites', () => {
  const TARGET = 'payments-api-latency'; // seeded by the sandbox, its actions on
  const mute = JSON.stringify({
    text: `/mute ${TARGET} 2h --actions`,
    user: 'U0OPERATOR',
    channel: channelId('alerts'),
  });
  const port = () => Number(new URL(sandbox.url).port);

  /** A raw HTTP request, so `Host` is what an attacker's browser would send. */
  const send = (path: string, headers: Record<string, string>, body = mute) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: port(), path, method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('refuses a name other than its own (DNS rebinding), another Origin, and anything but JSON', async () => {
    const own = `127.0.0.1:${port()}`;
    const json = { 'content-type': 'application/json' };
    const rebound = await send('/command', { ...json, host: `attacker.example:${port()}` });
    expect(rebound).toEqual({ status: 403, text: expect.stringContaining("is not this sandbox's address") });
    const crossSite = await send('/command', { ...json, host: own, origin: 'https://attacker.example' });
    expect(crossSite).toEqual({ status: 403, text: expect.stringContaining('another site') });
    const plain = await send('/command', { 'content-type': 'text/plain', host: own });
    expect(plain).toEqual({ status: 415, text: expect.stringContaining('application/json') });
    const scenario = await send('/scenario/alarm', { 'content-type': 'text/plain', host: own }, '');
    expect(scenario.status).toBe(415);
    const sns = await send('/sns/alarm-notifier', { 'content-type': 'text/plain', host: own, origin: 'null' }, '{}');
    expect(sns.status).toBe(403);
    const page = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port: port(), path: '/', headers: { host: `rebound.example:${port()}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(page).toBe(403);
    await sandbox.idle();
    expect(await actionsEnabled(TARGET)).toBe(true);
  });

  it("another site's page in the browser cannot post the sandbox a command", async () => {
    let attacker: Server | undefined;
    try {
      attacker = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<script>
          const body = ${JSON.stringify(mute)};
          Promise.all([
            fetch(${JSON.stringify(`${sandbox.url}/command`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body }),
            fetch(${JSON.stringify(`${sandbox.url}/command`)}, { method: 'POST', mode: 'no-cors', body: new Blob([body], { type: 'application/json' }) }),
          ]).finally(() => (document.title = 'sent'));
        </script>`);
      });
      await new Promise<void>((resolve) => attacker!.listen(0, 'localhost', resolve));
      const evil = await browser.newPage();
      await evil.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      await evil.waitForFunction(() => document.title === 'sent');
      await evil.close();
      await sandbox.idle();
      expect(await actionsEnabled(TARGET)).toBe(true);
    } finally {
      attacker?.closeAllConnections();
      attacker?.close();
    }
  });

  it('still takes a command from its own page', async () => {
    const res = await send('/command', {
      'content-type': 'application/json',
      host: `127.0.0.1:${port()}`,
      origin: sandbox.url,
    });
    expect(res.status).toBe(200);
    await sandbox.idle();
    expect(await actionsEnabled(TARGET)).toBe(false);
  });
});
