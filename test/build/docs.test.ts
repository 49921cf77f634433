import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { brokenLinks, githubSlug, headingAnchors, markdownLinks } from '../support/markdown';
import { ROOT } from '../support/paths';

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const MARKDOWN = ['README.md', 'CONTRIBUTING.md', ...DOCS];

describe('the README', () => {
  it('is short enough to read in five minutes (at most 150 lines)', () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });

  it('links every document in docs/, so nothing there is out of reach', () => {
    const linked = new Set(markdownLinks(read('README.md')).map((l) => normalize(l.target.split('#')[0]!)));
    expect(DOCS.filter((doc) => !linked.has(normalize(doc)))).toEqual([]);
  });

  it('keeps the two commands a newcomer runs', () => {
    expect(read('README.md')).toMatch(/^npm install && npm start\b/m);
    expect(read('README.md')).toMatch(/^npm test\b/m);
  });
});

describe('links between the documents', () => {
  it.each(MARKDOWN)('%s: every relative link points to a file that exists, and its #anchor to a heading', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });

  it('a mention of file.md#anchor in the code, the templates or the tests names a heading that exists', () => {
    const sources = [
      ...walk('src'),
      // This file and the checker name made-up anchors on purpose.
      ...walk('test').filter((f) => !/(docs\.test|markdown)\.ts$/.test(f)),
      ...walk('handlers'),
      'template.yaml',
      'member.yaml',
      'manifest.yaml',
      '.env.example',
    ];
    const missing: string[] = [];
    for (const file of sources) {
      for (const m of read(file).matchAll(/\b((?:docs\/)?[\w-]+\.md)#([\w-]+)/g)) {
        const [, doc, anchor] = m;
        const path = doc!.startsWith('docs/') || MARKDOWN.includes(doc!) ? doc! : `docs/${doc}`;
        if (!MARKDOWN.includes(path) || !headingAnchors(read(path)).has(anchor!)) {
          missing.push(`${file}: ${doc}#${anchor}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** The text files under a folder, as paths from the repository root. */
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs|json|md|yaml|txt)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name).slice(ROOT.length + 1));
}

// The checker itself, on small inputs, so a green run above means the links were looked at.
describe('the link checker', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('4. Create the Slack app from `manifest.yaml`')).toBe('4-create-the-slack-app-from-manifestyaml');
    expect(githubSlug('Many accounts (AWS Organizations)')).toBe('many-accounts-aws-organizations');
    expect(githubSlug('Slack commands: `/logs`')).toBe('slack-commands-logs');
    expect(githubSlug("Put them in the stack's secret")).toBe('put-them-in-the-stacks-secret');
    expect(githubSlug('snake_case and dash-case')).toBe('snake_case-and-dash-case');
  });

  it('numbers repeated headings and ignores # lines inside code blocks', () => {
    const anchors = headingAnchors('# A\n\n## Notes\n\n```sh\n# not a heading\n```\n\n## Notes\n');
    expect([...anchors]).toEqual(['a', 'notes', 'notes-1']);
  });

  it('finds links and images, but not link syntax inside code', () => {
    const links = markdownLinks(
      'See [`manifest.yaml`](../manifest.yaml) and ![x](shot.png "title").\n`[a](b)`\n```\n[c](d)\n```\n[e](#f)\n',
    );
    expect(links).toEqual([
      { target: '../manifest.yaml', line: 1 },
      { target: 'shot.png', line: 1 },
      { target: '#f', line: 6 },
    ]);
  });

  it('reports a missing file and a missing anchor, and lets good links through', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-test-'));
    try {
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, 'docs', 'deploy.md'), '# Deploy\n\n## 4. Create the app from `manifest.yaml`\n');
      writeFileSync(join(root, 'manifest.yaml'), '');
      writeFileSync(
        join(root, 'README.md'),
        [
          '# Title',
          '[ok](docs/deploy.md#4-create-the-app-from-manifestyaml) [ok](manifest.yaml) [ok](#title)',
          '[web](https://example.com/x.md#nowhere)',
          '[gone](docs/no-such-doc.md)',
          '[step](docs/deploy.md#no-such-step)',
          '[here](#nowhere)',
          '[yaml](manifest.yaml#top)',
        ].join('\n'),
      );
      expect(brokenLinks(root, 'README.md')).toEqual([
        'README.md:4 → docs/no-such-doc.md: no file docs/no-such-doc.md',
        'README.md:5 → docs/deploy.md#no-such-step: no heading #no-such-step in docs/deploy.md',
        'README.md:6 → #nowhere: no heading #nowhere in README.md',
        'README.md:7 → manifest.yaml#top: an anchor into a file that is not Markdown',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
