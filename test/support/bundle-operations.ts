import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/**
 * The AWS operations a built function can send, read from what `npm run build` wrote: esbuild's
 * metafile (dist/<fn>/meta.json) names the project files in the bundle; each one's references to
 * an SDK package's `…Command` classes are the operations, with that file as the call site. A
 * command of a package bundled must be in the bundle (the metafile says so); one of a package
 * left to the runtime's SDK (scripts/externals.json) must be named in the bundle's text, where
 * `require('@aws-sdk/client-x').XCommand` keeps its property name through minification.
 */

export interface Operation {
  /** The SDK package, e.g. "client-cloudwatch-logs" or "lib-dynamodb". */
  sdk: string;
  /** The command without "Command", e.g. "DescribeLogGroups". */
  command: string;
  /** Project files that reference it (the call sites). */
  files: string[];
  /** Loaded from the runtime's SDK rather than bundled. */
  external: boolean;
}

interface Meta {
  inputs: Record<string, { imports?: Array<{ path: string; external?: boolean; original?: string }> }>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

const commandExists = (sdk: string, command: string) =>
  existsSync(join(ROOT, 'node_modules/@aws-sdk', sdk, 'dist-types/commands', `${command}Command.d.ts`));

export function bundleOperations(fn: string): Operation[] {
  const metaFile = join(ROOT, 'dist', fn, 'meta.json');
  if (!existsSync(metaFile)) throw new Error(`${metaFile} is missing: run \`npm run build\` (npm test does)`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  const output = meta.outputs[`dist/${fn}/index.js`];
  if (!output) throw new Error(`no dist/${fn}/index.js in the metafile`);
  const bundleText = readFileSync(join(ROOT, 'dist', fn, 'index.js'), 'utf8');
  const externals = (
    JSON.parse(readFileSync(join(ROOT, 'scripts/externals.json'), 'utf8')) as Record<string, string[]>
  )[fn]!;
  const bundled = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0);
  const bundledCommands = new Set(
    bundled.flatMap(([path]) => {
      const m = /node_modules\/@aws-sdk\/([^/]+)\/dist-es\/commands\/(\w+)Command\.js$/.exec(path);
      return m ? [`${m[1]}:${m[2]}`] : [];
    }),
  );
  const sources = bundled.map(([path]) => path).filter((path) => /^(src|handlers)\/.*\.ts$/.test(path));

  const found = new Map<string, Operation>();
  for (const file of sources) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const packages = [...new Set([...text.matchAll(/['"]@aws-sdk\/([a-z0-9-]+)['"]/g)].map((m) => m[1]!))];
    if (packages.length === 0) continue;
    for (const [, name] of text.matchAll(/\b([A-Z][A-Za-z0-9]+)Command\b/g)) {
      const sdk = packages.find((p) => commandExists(p, name!));
      if (!sdk) continue;
      const external = externals.includes(`@aws-sdk/${sdk}`);
      const inBundle = external
        ? new RegExp(`\\b${name}Command\\b`).test(bundleText)
        : bundledCommands.has(`${sdk}:${name}`);
      if (!inBundle) continue;
      const key = `${sdk}:${name}`;
      const op = found.get(key) ?? { sdk, command: name!, files: [], external };
      if (!op.files.includes(file)) op.files.push(file);
      found.set(key, op);
    }
  }
  return [...found.values()].sort((a, b) => `${a.sdk}:${a.command}`.localeCompare(`${b.sdk}:${b.command}`));
}

/** IAM's service prefix for each SDK client package (where it differs from the package's name). */
const PREFIX: Record<string, string> = {
  'client-cloudwatch-logs': 'logs',
  'client-secrets-manager': 'secretsmanager',
  'client-cost-explorer': 'ce',
  'client-eventbridge': 'events',
  'lib-dynamodb': 'dynamodb',
};

/** Commands whose IAM action is not named as the operation. */
const ACTION: Record<string, string> = {
  'client-lambda:Invoke': 'lambda:InvokeFunction',
  'lib-dynamodb:Get': 'dynamodb:GetItem',
  'lib-dynamodb:Put': 'dynamodb:PutItem',
  'lib-dynamodb:Update': 'dynamodb:UpdateItem',
  'lib-dynamodb:Delete': 'dynamodb:DeleteItem',
  'lib-dynamodb:Query': 'dynamodb:Query',
  'lib-dynamodb:Scan': 'dynamodb:Scan',
  'lib-dynamodb:BatchGet': 'dynamodb:BatchGetItem',
  'lib-dynamodb:BatchWrite': 'dynamodb:BatchWriteItem',
  // IAM has no TransactWriteItems action: each item is authorised as its own write (the table
  // in the test lists which), so the op is named for what it needs.
  'lib-dynamodb:TransactWrite': 'dynamodb:TransactWriteItems',
  'lib-dynamodb:TransactGet': 'dynamodb:GetItem',
};

/** The IAM action an operation needs, e.g. client-cloudwatch-logs DescribeLogGroups → logs:DescribeLogGroups. */
export function iamAction(op: Pick<Operation, 'sdk' | 'command'>): string {
  const mapped = ACTION[`${op.sdk}:${op.command}`];
  if (mapped) return mapped;
  const prefix = PREFIX[op.sdk] ?? op.sdk.replace(/^client-/, '');
  return `${prefix}:${op.command}`;
}
