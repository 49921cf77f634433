import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MANIFEST_SCOPES } from '../../src/sandbox/slack-api';
import { ROOT } from '../support/paths';

const scopes = (
  parse(readFileSync(join(ROOT, 'manifest.yaml'), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } }
).oauth_config.scopes.bot;

describe("the token's scopes", () => {
  it("are, in the Slack test server, the manifest's: a scope added there is one the tests' token has", () => {
    expect([...MANIFEST_SCOPES].sort()).toEqual([...scopes].sort());
  });

  it('are each named in docs/deploy.md, which says what the app asks for', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    const paragraph = /The manifest asks for these bot scopes: ([\s\S]*?)\n\n/.exec(guide)?.[1] ?? '';
    const named = [...paragraph.matchAll(/`([a-z.:]+)`/g)].map((m) => m[1]);
    expect([...named].sort()).toEqual([...scopes].sort());
  });
});
