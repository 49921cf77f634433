import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';

/** CloudFormation's short-form intrinsics (!Ref, !Sub…) kept as `{ 'Fn::X': value }`, so the template parses as data. */
const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Select',
  'Join',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Condition',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
];

const tags: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) } as ScalarTag,
    {
      tag: `!${name}`,
      collection: 'seq',
      resolve: (value: unknown) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }),
    } as unknown as CollectionTag,
  ];
});

export interface Template {
  Transform?: unknown;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
  Parameters: Record<string, { Default?: unknown; Type?: string; NoEcho?: boolean; AllowedPattern?: string }>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

/** The central stack by default; `member.yaml` is the member-account stack. */
export function loadTemplate(file = 'template.yaml'): Template {
  return parse(readFileSync(join(__dirname, '..', '..', file), 'utf8'), { customTags: tags }) as Template;
}

/**
 * Evaluates the intrinsics a test needs (Ref to a parameter, Sub, Join, Split, If on a given
 * condition value), as CloudFormation would for the given parameters. Anything else is left as it is.
 */
export function evaluate(
  value: unknown,
  params: Record<string, string | string[]>,
  conditions: Record<string, boolean> = {},
): unknown {
  const ev = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => ev(x));
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if ('Ref' in o && typeof o.Ref === 'string' && o.Ref in params) return params[o.Ref];
    if ('Fn::Join' in o) {
      const [delimiter, list] = o['Fn::Join'] as [string, unknown];
      return (ev(list) as string[]).join(delimiter);
    }
    if ('Fn::Split' in o) {
      const [delimiter, text] = o['Fn::Split'] as [string, unknown];
      return String(ev(text)).split(delimiter);
    }
    if ('Fn::If' in o) {
      const [name, then, otherwise] = o['Fn::If'] as [string, unknown, unknown];
      if (!(name in conditions)) throw new Error(`evaluate: no value given for condition ${name}`);
      return ev(conditions[name] ? then : otherwise);
    }
    if ('Fn::Sub' in o) {
      const arg = o['Fn::Sub'];
      const [text, map] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
      const local = Object.fromEntries(Object.entries(map).map(([k, x]) => [k, ev(x)]));
      return text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
        const found = local[name] ?? params[name];
        return found === undefined ? whole : String(found);
      });
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, ev(x)]));
  };
  return ev(value);
}
