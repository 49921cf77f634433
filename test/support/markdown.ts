import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A link as written in a Markdown file: its target and the line it is on. */
export interface MarkdownLink {
  target: string;
  line: number;
}

/** Lines outside fenced code blocks, with their 1-based numbers (a link in a code block is text). */
function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
    } else if (opener) {
      fence = opener;
    } else {
      out.push({ text, line: i + 1 });
    }
  });
  return out;
}

/** Blanks inline code spans, so `[a](b)` written as code is not taken for a link. */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)[^`]*?\1/g, 'code');
}

/** Inline links and images: `[text](target)`, `![alt](target "title")`. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const m of withoutCodeSpans(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: m[1]!, line });
    }
  }
  return links;
}

/**
 * The anchor GitHub gives a heading: its text as rendered (link syntax and code marks gone),
 * lowercased, every character but letters, digits, '-', '_' and spaces dropped, spaces → '-'.
 */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a file's headings give, with GitHub's -1, -2… for repeated headings. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!m) continue;
    const slug = githubSlug(m[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** External (a scheme such as https: or mailto:), so not checked against the repository. */
function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * The relative links of `file` (a path under `root`) that point nowhere: a file that does not
 * exist, or an #anchor that no heading of the target gives. Each is described for a person.
 */
export function brokenLinks(root: string, file: string): string[] {
  const own = readFileSync(join(root, file), 'utf8');
  const broken: string[] = [];
  for (const { target, line } of markdownLinks(own)) {
    if (isExternal(target)) continue;
    const [path = '', anchor] = target.split('#', 2);
    const resolved = path === '' ? join(root, file) : join(root, dirname(file), decodeURI(path));
    const where = `${file}:${line} → ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where}: no file ${relative(root, resolved)}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!resolved.endsWith('.md')) {
      broken.push(`${where}: an anchor into a file that is not Markdown`);
      continue;
    }
    if (!headingAnchors(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
      broken.push(`${where}: no heading #${anchor} in ${relative(root, resolved)}`);
    }
  }
  return broken;
}
