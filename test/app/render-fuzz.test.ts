import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderInput } from '../../src/app/render';
import { LITERAL_BACKTICK } from '../../src/kernel/slack/literal';
import { messageErrors } from '../../src/sandbox/block-limits';
import { loadFixture } from '../support/fixtures';
import { ROOT } from '../support/paths';

/**
 * Generated mutations of every JSON fixture, rendered as the CLI and the notifiers would: every
 * input still renders, within Slack's limits, with untrusted text escaped and no emoji split.
 * A fixed seed keeps it repeatable; 60 mutations of each keep it to a few seconds.
 */
const HOSTILE = [
  'constructor',
  '__proto__',
  '<!channel>',
  '<@U0ADMIN01>',
  '```',
  '`',
  '🔥'.repeat(700),
  'x'.repeat(5000),
  ' \n'.repeat(2000),
  '&amp;<>',
  '',
];
const NUMBERS = [0, -1, 1e308, Number.MAX_SAFE_INTEGER, 0.1];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One mutation: a string leaf or a number leaf replaced, or a key removed, a few times over. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const leaves: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        leaves.push({ parent: node, key: i });
        walk(v);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        leaves.push({ parent: node as Record<string, unknown>, key: k });
        walk(v);
      }
    }
  };
  walk(copy);
  for (let n = 0; n < 3 && leaves.length; n++) {
    const { parent, key } = leaves[Math.floor(random() * leaves.length)]!;
    const current = (parent as Record<string | number, unknown>)[key];
    const roll = random();
    if (typeof current === 'string' && current.startsWith('{')) {
      // A JSON string inside (an SNS Message): mutate what it holds, and put it back.
      try {
        (parent as Record<string | number, unknown>)[key] = JSON.stringify(mutate(JSON.parse(current), random));
        continue;
      } catch {
        // not JSON after all
      }
    }
    if (roll < 0.6) (parent as Record<string | number, unknown>)[key] = HOSTILE[Math.floor(random() * HOSTILE.length)];
    else if (roll < 0.8)
      (parent as Record<string | number, unknown>)[key] = NUMBERS[Math.floor(random() * NUMBERS.length)];
    else if (!Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
  }
  return copy;
}

const FIXTURES = readdirSync(join(ROOT, 'test', 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(ROOT, 'test', 'fixtures', d.name))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${d.name}/${f}`),
  );

function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (!node || typeof node !== 'object') return [];
  const o = node as { type?: unknown; text?: unknown };
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(node).flatMap(mrkdwnTexts)];
}

const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('render survives generated mutations of every fixture', () => {
  it.each(FIXTURES)('%s', async (fixture) => {
    const random = rng(fixture.length * 7919);
    const original = loadFixture(fixture);
    for (let i = 0; i < 60; i++) {
      const input = mutate(original, random);
      const messages = await renderInput(input);
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) {
        expect(messageErrors(m as never)).toEqual([]);
        const shown = JSON.stringify(m);
        // What Slack reads as markup: mrkdwn texts and the notification text (plain_text and
        // button values are shown as typed, so a "<!channel>" there pings nobody).
        const markup = [m.text, ...mrkdwnTexts(m)].join('\n');
        expect(markup).not.toContain('<!channel>');
        // Outside code blocks, backticks pair up within each text: none can open a code span that
        // swallows what follows it (a literal backtick, inside its `<!date…>` token, is text).
        for (const text of mrkdwnTexts(m)) {
          const outside = text
            .replace(/```[\s\S]*?```/g, '')
            .split(LITERAL_BACKTICK)
            .join('');
          expect({ text, ticks: outside.split('`').length % 2 }).toEqual({ text, ticks: 1 });
        }
        expect(markup).not.toContain('<@U0ADMIN01>');
        expect(shown).not.toMatch(/NaN|\$∞|\$Infinity|\[native code\]/);
        expect(JSON.parse(shown)).toBeTruthy();
        expect(lone.test(shown.replace(/\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}/g, ''))).toBe(false);
      }
    }
  });
});
