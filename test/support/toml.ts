/**
 * The TOML that samconfig.toml uses, and no more: comments, `[a.b.c]` tables, and
 * `key = value` with a basic string, a boolean, a number or an array of those on one line.
 * Anything else throws, naming the line, so a test never reads a file it did not understand.
 */
export type TomlValue = string | number | boolean | TomlValue[];
export type TomlTable = { [key: string]: TomlValue | TomlTable };

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let table = root;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = stripComment(raw).trim();
    if (!line) return;
    const header = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (header) {
      table = root;
      for (const part of (header[1] as string).split('.')) {
        const next = (table[part] ??= {});
        if (typeof next !== 'object' || Array.isArray(next)) throw new Error(`line ${i + 1}: ${part} is not a table`);
        table = next;
      }
      return;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`line ${i + 1}: not understood: ${line}`);
    const key = pair[1] as string;
    if (key in table) throw new Error(`line ${i + 1}: ${key} is defined twice`);
    table[key] = value(pair[2] as string, i + 1);
  });
  return root;
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && inString) i++;
    else if (c === '"') inString = !inString;
    else if (c === '#' && !inString) return line.slice(0, i);
  }
  return line;
}

function value(text: string, line: number): TomlValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) return JSON.parse(t) as string;
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim();
    if (!inner) return [];
    return (inner.match(/"(?:[^"\\]|\\.)*"|[^,\s][^,]*/g) ?? []).map((item) => value(item, line));
  }
  throw new Error(`line ${line}: value not understood: ${t}`);
}
