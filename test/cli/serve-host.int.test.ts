import { networkInterfaces } from 'node:os';
import { main, type CliIo } from '../../src/cli/main';
import { serve } from '../../src/cli/serve';
import { jsonLogger } from '../../src/kernel/log';
import { slackSignature, slashCommandBody } from '../support/slack-sign';

const SANDBOX_SECRET = 'lamplighter-sandbox-signing-secret'; // src/sandbox/web/start.ts, in the open
const env = (over: Record<string, string> = {}) => ({
  AWS_REGION: 'us-east-1',
  SLACK_BOT_TOKEN: 'xoxb-serve-host',
  SLACK_SIGNING_SECRET: SANDBOX_SECRET,
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  LOGS_ALLOWED_PREFIXES: '/aws/lambda/',
  PORT: '0',
  ...over,
});

/** This machine's addresses that other hosts reach it by. */
const outward = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);

function io() {
  let err = '';
  const streams: CliIo = { stdout: () => undefined, stderr: (t) => (err += t), readStdin: async () => '' };
  return { streams, err: () => err };
}

describe('lamplighter serve, reachable from where', () => {
  it('listens on 127.0.0.1 by default: a signed /mute from another host cannot reach it', async () => {
    const server = await serve(
      env(),
      jsonLogger(() => undefined),
    );
    try {
      const body = slashCommandBody({ command: '/mute', text: 'orders-errors 2h --actions', responseUrl: 'http://x' });
      const signed = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SANDBOX_SECRET, body) },
        body,
      };
      // From this machine it answers; at the address other hosts use, nothing listens.
      expect((await fetch(`http://127.0.0.1:${server.port}/slack/events`, signed)).status).toBe(200);
      for (const ip of outward())
        await expect(fetch(`http://${ip}:${server.port}/slack/events`, signed)).rejects.toThrow('fetch failed');
      expect(server.address).toBe('127.0.0.1');
    } finally {
      await server.stop();
    }
  });

  it('refuses to serve beyond this machine with the secret published in the source', async () => {
    await expect(
      serve(
        env({ HOST: '0.0.0.0' }),
        jsonLogger(() => undefined),
      ),
    ).rejects.toThrow("SLACK_SIGNING_SECRET: is a secret published in Lamplighter's source");
    const previous = { ...process.env };
    Object.assign(process.env, env());
    try {
      const cap = io();
      expect(await main(['serve', '--host', '0.0.0.0'], cap.streams)).toBe(1);
      expect(cap.err()).toContain('which anyone can sign with: serving on 0.0.0.0');
      const bad = io();
      expect(await main(['serve', '--host'], bad.streams)).toBe(2);
      expect(bad.err()).toContain('lamplighter serve [--host ADDRESS]');
    } finally {
      process.env = previous;
    }
  });

  it('serves another address when told to, with a secret of its own, and warns', async () => {
    const lines: string[] = [];
    const server = await serve(
      env({ HOST: '0.0.0.0', SLACK_SIGNING_SECRET: 'a-real-apps-secret' }),
      jsonLogger((l) => lines.push(l)),
    );
    try {
      expect(server.address).toBe('0.0.0.0');
      expect(lines.join('\n')).toContain('serving on an address other hosts can reach');
    } finally {
      await server.stop();
    }
  });
});
