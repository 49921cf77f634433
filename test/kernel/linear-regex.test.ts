import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../support/paths';

/**
 * Keeps the quadratic pattern classes out of src/ (issue 20): a run quantified right before `$`
 * in an unanchored pattern (`/\s+$/` took 13 s on one 160,000-character log line, because every
 * start in a run of spaces that does not end the text scans the rest of the run), and a
 * quantifier on a group that itself ends in a quantifier (`(a+)+`). Trim with `trimEnd` or
 * `trimEndOf` (src/kernel/untrusted.ts) instead. A pattern listed here was read and is linear.
 */
const LINEAR_BY_READING: Record<string, string> = {
  // Each repetition starts with "-", so there is one way to match; and it only reads region codes.
  '^[a-z]{2}(-[a-z]+)+-\\d$': 'anchored; each repetition starts with a "-"',
  // AWS's price list, not an attacker's text; the literal prefix starts each attempt.
  'InstanceUsage:db\\.[a-z0-9.]+$': "AWS's price list, after a literal prefix",
};

/** `+`, `*` or `{n,}` (lazy or not), then only group ends, then `$` ending the pattern. */
const RUN_BEFORE_END = /(?:[+*]|\{\d+,\})\??\)*\$$/;
/** A group ending in a quantifier, itself quantified. */
const NESTED_QUANTIFIER = /(?:[+*]|\{\d+,\d*\})\??\)[+*{]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Every regular expression literal and `new RegExp('…')` string in a file, with its line. */
function patternsIn(file: string): Array<{ where: string; source: string }> {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ where: string; source: string }> = [];
  const where = (node: ts.Node) =>
    `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node)) {
      found.push({ where: where(node), source: node.text.slice(1, node.text.lastIndexOf('/')) });
    } else if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp') {
      const first = node.arguments?.[0];
      if (first && ts.isStringLiteralLike(first)) found.push({ where: where(node), source: first.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const ALL = sourceFiles(join(ROOT, 'src')).flatMap(patternsIn);

describe('regular expressions in src/ are linear', () => {
  it('the scan sees the patterns (a scan that finds none proves nothing)', () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(ALL.map((p) => p.source)).toContain('^\\d{12}$');
  });

  it('no unanchored run right before $ (the /\\s+$/ class), and no nested quantifier', () => {
    const offending = ALL.filter(({ source }) => {
      if (Object.hasOwn(LINEAR_BY_READING, source)) return false;
      const runBeforeEnd = RUN_BEFORE_END.test(source) && !source.startsWith('^');
      return runBeforeEnd || NESTED_QUANTIFIER.test(source);
    });
    expect(offending).toEqual([]);
  });

  it('the check itself catches both classes', () => {
    for (const bad of ['\\s+$', '[.,;:)\\]]+$', '(.+)$', '0+$', '\\s{1,}$', ' +?$', '(a+)+', '(\\w*)*b', '(a{2,})+'])
      expect(RUN_BEFORE_END.test(bad) || NESTED_QUANTIFIER.test(bad)).toBe(true);
    for (const fine of ['^\\d+$', '&[a-z#0-9]{0,5}$', '_[0-9a-f]{16}$', '\\s+', '^(["\'])(.*)\\1$'])
      expect(RUN_BEFORE_END.test(fine) && !fine.startsWith('^')).toBe(false);
  });
});
