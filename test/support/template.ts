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
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
  Parameters: Record<string, { Default?: unknown }>;
}

export function loadTemplate(): Template {
  return parse(readFileSync(join(__dirname, '..', '..', 'template.yaml'), 'utf8'), { customTags: tags }) as Template;
}
