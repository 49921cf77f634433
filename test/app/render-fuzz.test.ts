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
  // Issue 20: lone surrogates, a run of spaces that does not end the text, & < > | in URLs.
  '\uD800',
  'x\uDC00y',
  '🔥'.slice(0, 1),
  'a' + ' '.repeat(20_000) + 'b',
  'https://us-east-1.console.aws.amazon.com/x?a=1&b=<c>|d e',
];
/** Put in place of a leaf of the payload itself (never inside a JSON string, whose copy would overflow). */
const DEEP = 'deep';
function deepValue(): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < 12_000; i++) v = { next: v };
  return v;
}
const NUMBERS = [0, -1, 1e308, Number.MAX_SAFE_INTEGER, 0.1];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * One mutation: a string leaf or a number leaf replaced, or a key removed, a few times over; with
 * `deep`, the first of them puts a value nested 12,000 deep at the payload's own level.
 */
function mutate(value: unknown, random: () => number, deep = false): unknown {
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
    if (!(deep && n === 0) && typeof current === 'string' && current.startsWith('{')) {
      // A JSON string inside (an SNS Message): mutate what it holds, and put it back.
      try {
        (parent as Record<string | number, unknown>)[key] = JSON.stringify(mutate(JSON.parse(current), random, false));
        continue;
      } catch {
        // not JSON after all
      }
    }
    if (deep && n === 0) (parent as Record<string | number, unknown>)[key] = DEEP;
    else if (roll < 0.6)
      (parent as Record<string | number, unknown>)[key] = HOSTILE[Math.floor(random() * HOSTILE.length)];
    else if (roll < 0.8)
      (parent as Record<string | number, unknown>)[key] = NUMBERS[Math.floor(random() * NUMBERS.length)];
    else if (!Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
  }
  // The sentinel becomes the deep value only now, after every copy of this payload is made.
  for (const { parent, key } of leaves)
    if ((parent as Record<string | number, unknown>)[key] === DEEP)
      (parent as Record<string | number, unknown>)[key] = deepValue();
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
      // A value nested 12,000 deep is slow to build and render: in one mutation of every fourth fixture.
      const input = mutate(original, random, i === 0 && FIXTURES.indexOf(fixture) % 4 === 0);
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
        // Every link whole (each < closed), its URL's & escaped: nothing cut in half at a limit.
        for (const text of mrkdwnTexts(m)) {
          const outside = text.replace(/```[\s\S]*?```/g, '');
          expect({ text, open: outside.split('<').length }).toEqual({ text, open: outside.split('>').length });
          for (const [, url] of outside.matchAll(/<(https?:[^|>]*)/g))
            expect({ url, rawAmp: /&(?!amp;|lt;|gt;)/.test(url!) }).toEqual({ url, rawAmp: false });
        }
      }
    }
  });
});
