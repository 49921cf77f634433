import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../support/paths';

/** What each deployable bundle pulls in, read from esbuild's metafile (written by `npm run build`). */
function bundledFiles(fn: string): string[] {
  const meta = join(ROOT, 'dist', fn, 'meta.json');
  if (!existsSync(meta)) throw new Error(`${meta} is missing: run \`npm run build\` (npm test does)`);
  const parsed = JSON.parse(readFileSync(meta, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  return Object.values(parsed.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k),
  );
}

function bundledPackages(fn: string): string[] {
  const packages = new Set<string>();
  for (const input of bundledFiles(fn)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort();
}

describe('the alarm-notifier bundle stays lean', () => {
  const packages = bundledPackages('alarm-notifier');

  it('carries no Slack framework, web server or test tooling', () => {
    for (const heavy of ['@slack/bolt', 'express', 'axios', 'jest', 'typescript'])
      expect(packages).not.toContain(heavy);
  });

  it('uses the tree-shakable zod build, not every locale', () => {
    const zod = bundledFiles('alarm-notifier').filter((f) => f.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((f) => f.includes('/locales/'))).toEqual([]);
  });

  it('only bundles the AWS clients the notifier calls', () => {
    expect(packages.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual([
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-cloudwatch-logs',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-secrets-manager',
    ]);
  });
});

describe('the cost-guard bundle stays lean', () => {
  const packages = bundledPackages('cost-guard');

  it('carries no Slack framework and no CloudWatch clients it never calls', () => {
    for (const heavy of ['@slack/bolt', 'express', '@aws-sdk/client-cloudwatch', '@aws-sdk/client-cloudwatch-logs'])
      expect(packages).not.toContain(heavy);
    expect(packages.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-pricing',
      '@aws-sdk/client-secrets-manager',
    ]);
  });

  it('leaves the large EC2 and SageMaker clients to the runtime, loaded only when an estimate needs them', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'cost-guard', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
    };
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external).toEqual(expect.arrayContaining(['@aws-sdk/client-ec2', '@aws-sdk/client-sagemaker']));
  });
});

describe('the worker bundle stays lean', () => {
  it('carries no Slack framework or web server, and only the AWS clients the commands call', () => {
    const packages = bundledPackages('worker');
    for (const heavy of ['@slack/bolt', 'express', '@slack/socket-mode']) expect(packages).not.toContain(heavy);
    // EC2 (/snapshot) and CloudTrail (/trail) come from the runtime's SDK, on first use.
    expect(packages.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual([
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-cloudwatch-logs',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-secrets-manager',
    ]);
  });

  it('leaves EC2, RDS, Redshift and CloudTrail to the runtime in the worker and the sweeper', () => {
    for (const [name, clients] of [
      ['worker', ['ec2', 'cloudtrail']],
      ['sweeper', ['ec2', 'rds', 'redshift', 'cloudtrail']],
    ] as const) {
      const meta = JSON.parse(readFileSync(join(ROOT, 'dist', name, 'meta.json'), 'utf8')) as {
        outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
      };
      const external = Object.values(meta.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external).map((i) => i.path),
      );
      expect(external).toEqual(expect.arrayContaining(clients.map((c) => `@aws-sdk/client-${c}`)));
      expect(bundledPackages(name).filter((p) => clients.some((c) => p === `@aws-sdk/client-${c}`))).toEqual([]);
    }
  });
});

describe('the slack gateway bundle stays lean', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'slack', 'meta.json'), 'utf8')) as {
    outputs: Record<string, { entryPoint?: string; imports: Array<{ path: string; external?: boolean }> }>;
  };

  it("carries Bolt's App and its Lambda receiver, not the receivers the gateway never builds", () => {
    const packages = bundledPackages('slack');
    expect(packages).toContain('@slack/bolt');
    for (const heavy of ['express', 'body-parser', '@slack/socket-mode', 'undici', '@slack/oauth', 'jsonwebtoken'])
      expect(packages).not.toContain(heavy);
    const bolt = bundledFiles('slack').filter((f) => f.includes('node_modules/@slack/bolt/'));
    expect(bolt.some((f) => f.endsWith('/receivers/AwsLambdaReceiver.js'))).toBe(true);
    expect(bolt.filter((f) => /\/receivers\/(HTTP|SocketMode|Express)Receiver\.js$/.test(f))).toEqual([]);
  });

  it('finds the two receivers Bolt still requires in the stand-ins shipped beside it', () => {
    const bundle = meta.outputs['dist/slack/index.js'];
    const external = bundle?.imports
      .filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.includes(i.path))
      .map((i) => i.path);
    expect(external?.sort()).toEqual(['./receivers/HTTPReceiver', './receivers/SocketModeReceiver']);
    expect(meta.outputs['dist/slack/receivers/HTTPReceiver.js']?.entryPoint).toBe('handlers/receivers/HTTPReceiver.ts');
    expect(meta.outputs['dist/slack/receivers/SocketModeReceiver.js']?.entryPoint).toBe(
      'handlers/receivers/SocketModeReceiver.ts',
    );
  });
});

describe('every function bundle', () => {
  it.each(['alarm-notifier', 'cost-guard', 'slack', 'sweeper', 'worker'])(
    "%s takes the AWS SDK's tree-shakable ES module build (MainFields module,main, as template.yaml)",
    (fn) => {
      const sdk = bundledFiles(fn).filter((f) => /node_modules\/@aws-sdk\/client-[^/]+\/dist-/.test(f));
      expect(sdk.length).toBeGreaterThan(0);
      expect(sdk.filter((f) => f.includes('/dist-cjs/'))).toEqual([]);
    },
  );
});
