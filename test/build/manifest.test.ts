import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/paths';

const manifest = parse(readFileSync(join(ROOT, 'manifest.yaml'), 'utf8')) as {
  features: { slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
};

describe('the Slack app manifest', () => {
  it('declares the commands and interactivity at the one request URL the gateway serves', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([
      '/logs',
      '/ack',
      '/mute',
      '/unmute',
      '/alarms',
      '/snapshot',
      '/trail',
    ]);
    expect(new Set(manifest.features.slash_commands.map((c) => c.url)).size).toBe(1);
    expect(manifest.features.slash_commands[0]?.url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: manifest.features.slash_commands[0]?.url,
    });
  });

  it('asks for the scopes the bot uses, and no more', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'channels:history',
      'channels:read',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'groups:history',
      'groups:read',
      'im:write',
      'usergroups:read',
    ]);
  });
});
