import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readSigningSecret, readSlackBotToken } from '../../src/adapters/aws/secrets';
import { parseDoctorArgs } from '../../src/cli/doctor';
import { checkSecret, manifestUrls } from '../../src/features/doctor/checks';
import { formatCheck } from '../../src/features/doctor/format';
import { loadTemplate } from '../support/template';
import { ROOT } from '../support/paths';
import { parseToml } from '../support/toml';

const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
const template = loadTemplate();
const member = loadTemplate('member.yaml');
const samconfig = parseToml(readFileSync(join(ROOT, 'samconfig.toml'), 'utf8')) as {
  default: { global: { parameters: { stack_name: string } } };
};
const STACK = samconfig.default.global.parameters.stack_name;

/** Shell words, as sh splits them: quotes kept together (and removed), `\,` kept as `\,`. */
function words(command: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (started) out.push(word);
  return out;
}

/** Every command of the guide's `sh` blocks: `&&` chains split, `VAR=$(…)` unwrapped. */
function commands(): string[][] {
  const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => line.split(' && '))
    .map((c) => c.replace(/^[A-Z_]+=\$\((.*)\)$/, '$1'))
    .map(words);
}

const option = (argv: string[], name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const optionValues = (argv: string[], name: string) => {
  const i = argv.indexOf(name);
  if (i < 0) return [];
  const rest = argv.slice(i + 1);
  const end = rest.findIndex((a) => a.startsWith('--'));
  return end < 0 ? rest : rest.slice(0, end);
};
const all = commands();
const of = (...prefix: string[]) => all.filter((c) => prefix.every((p, i) => c[i] === p));

describe('docs/deploy.md', () => {
  it('runs only programs a newcomer has after its prerequisites', () => {
    expect(all.length).toBeGreaterThan(20);
    const programs = new Set(all.map((c) => c[0]));
    expect([...programs].sort()).toEqual(['aws', 'git', 'node', 'npm', 'npx', 'sam']);
  });

  it('gives lamplighter commands that exist, with options they take', () => {
    const lamplighter = of('npx', 'lamplighter');
    expect(lamplighter.map((c) => c[2])).toEqual(expect.arrayContaining(['doctor', 'redrive']));
    for (const c of lamplighter.filter((x) => x[2] === 'doctor')) {
      expect({ command: c.join(' '), parsed: parseDoctorArgs(c.slice(3), {}).ok }).toEqual({
        command: c.join(' '),
        parsed: true,
      });
      expect(option(c, '--stack')).toBe(STACK);
    }
    for (const c of lamplighter.filter((x) => x[2] === 'redrive')) {
      expect(option(c, '--stack')).toBe(STACK);
      expect(option(c, '--queue')).toBe('$QUEUE');
    }
  });

  it('deploys with sam commands and options SAM CLI has, and parameters the template has', () => {
    const sam = of('sam');
    expect(sam.map((c) => c[1]).sort()).toEqual(expect.arrayContaining(['build', 'deploy', 'delete', '--version']));
    const known = ['--guided', '--region', '--parameter-overrides', '--stack-name'];
    for (const c of sam) expect(c.slice(2).filter((a) => a.startsWith('--') && !known.includes(a))).toEqual([]);
    for (const c of of('sam', 'deploy')) {
      const names = optionValues(c, '--parameter-overrides').map((p) => p.split('=')[0] as string);
      expect(names.filter((n) => !(n in template.Parameters))).toEqual([]);
    }
    for (const c of of('sam', 'delete')) expect(option(c, '--stack-name')).toBe(STACK);
  });

  it('reads outputs the stack has, from the stack samconfig.toml names', () => {
    const reads = of('aws', 'cloudformation', 'describe-stacks');
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const c of reads) {
      expect(option(c, '--stack-name')).toBe(STACK);
      const key = /OutputKey=='(\w+)'/.exec(option(c, '--query') ?? '')?.[1];
      expect({ key, exists: key !== undefined && key in (template.Outputs ?? {}) }).toEqual({ key, exists: true });
    }
    // And every output the guide's outputs table names.
    const table = /\n\| output .*\n\| -.*\n((?:\|.*\n)+)/.exec(guide)?.[1] ?? '';
    const named = [...table.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1] as string);
    expect(named).toEqual(expect.arrayContaining(['SlackRequestUrl', 'SlackSecretArn', 'SpendTopicArn']));
    expect(named.filter((n) => !(n in (template.Outputs ?? {})))).toEqual([]);
  });

  it('puts the secret JSON the functions read: botToken and signingSecret, and nothing doctor would refuse', async () => {
    const [put] = of('aws', 'secretsmanager', 'put-secret-value');
    const json = option(put ?? [], '--secret-string') ?? '';
    expect(Object.keys(JSON.parse(json) as object).sort()).toEqual(['botToken', 'signingSecret']);
    const client = { send: async () => ({ SecretString: json }) } as unknown as SecretsManagerClient;
    await expect(readSlackBotToken(client, 'arn')).resolves.toBe('xoxb-…');
    await expect(readSigningSecret(client, 'arn')).resolves.toBe('…');
    expect(checkSecret(json, 'arn').check.status).toBe('ok');
    expect(option(put ?? [], '--secret-id')).toBe('$SECRET_ARN');
  });

  it('deploys member.yaml with its own parameters and the capability its named roles need', () => {
    const stackSet = of('aws', 'cloudformation', 'create-stack-set');
    const plain = of('aws', 'cloudformation', 'deploy');
    expect(stackSet.length + plain.length).toBe(2);
    const named = Object.values(member.Resources).some((r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName);
    expect(named).toBe(true);
    for (const c of [...stackSet, ...plain]) {
      expect(option(c, '--template-body') ?? option(c, '--template-file')).toMatch(/member\.yaml$/);
      expect(optionValues(c, '--capabilities')).toEqual(['CAPABILITY_NAMED_IAM']);
    }
    const keys = [
      ...stackSet.flatMap((c) => optionValues(c, '--parameters').map((p) => /^ParameterKey=(\w+)/.exec(p)?.[1] ?? p)),
      ...plain.flatMap((c) => optionValues(c, '--parameter-overrides').map((p) => p.split('=')[0] as string)),
    ];
    // Every parameter member.yaml requires (no default) is given, and only its own.
    const required = Object.entries(member.Parameters)
      .filter(([, p]) => p.Default === undefined)
      .map(([k]) => k);
    expect(keys.filter((k) => !(k in member.Parameters))).toEqual([]);
    for (const c of stackSet)
      expect(optionValues(c, '--parameters').map((p) => /^ParameterKey=(\w+)/.exec(p)?.[1])).toEqual(
        expect.arrayContaining(required),
      );
    for (const c of plain)
      expect(optionValues(c, '--parameter-overrides').map((p) => p.split('=')[0])).toEqual(
        expect.arrayContaining(required),
      );
    // The StackSet's role lists keep their commas: escaped, as the CLI's shorthand needs.
    for (const p of stackSet.flatMap((c) => optionValues(c, '--parameters')).filter((p) => /RoleArns/.test(p)))
      expect(p).toMatch(/\\,/);
  });

  it('smoke-tests with one alarm, through states CloudWatch has, and removes it', () => {
    const put = of('aws', 'cloudwatch', 'put-metric-alarm');
    const set = of('aws', 'cloudwatch', 'set-alarm-state');
    const del = of('aws', 'cloudwatch', 'delete-alarms');
    expect(put).toHaveLength(1);
    const name = option(put[0] ?? [], '--alarm-name');
    expect(set.map((c) => [option(c, '--alarm-name'), option(c, '--state-value')])).toEqual([
      [name, 'ALARM'],
      [name, 'OK'],
    ]);
    expect(option(del[0] ?? [], '--alarm-names')).toBe(name);
  });

  it("shows doctor's report as doctor prints it: marks, names, and a summary that counts them", () => {
    const sample = /```\n(Lamplighter doctor: [\s\S]*?)```/.exec(guide)?.[1] ?? '';
    const checks = sample.split('\n').filter((l) => /^[✓✗·] /.test(l));
    expect(checks.length).toBeGreaterThan(5);
    const failed = checks.filter((l) => l.startsWith('✗')).length;
    expect(sample).toContain(`${failed} of ${checks.length} checks failed.`);
    const names = [
      'stack',
      'secret',
      'slack',
      'request URLs',
      'alarms rule',
      'alarms topic',
      'cost-guard topic',
      'spend topic',
      'dead-letter queue',
    ];
    for (const line of checks) expect(names).toContain(/^. ([^:]+):/.exec(line)?.[1]);
    expect(checks.find((l) => l.startsWith('✗ secret'))).toBe(
      `✗ ${formatCheck(checkSecret('{"botToken":"REPLACE_ME","signingSecret":"REPLACE_ME"}', 'arn').check).split('\n')[0]?.slice(2)}`,
    );
  });

  it('names the eight request URLs the manifest has', () => {
    expect(guide).toMatch(/replace \*\*all eight\*\* request URLs/);
    expect(manifestUrls(readFileSync(join(ROOT, 'manifest.yaml'), 'utf8'))).toHaveLength(8);
  });

  it("answers SAM CLI's no-authentication question, which the template's Slack endpoint makes it ask", () => {
    // SAM CLI asks it of every Api/HttpApi event without an Auth property (samcli/commands/deploy/auth_utils.py).
    const events = (template.Resources.SlackFunction?.Properties?.Events ?? {}) as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    const open = Object.values(events).filter((e) => e.Type === 'HttpApi' && !e.Properties?.Auth);
    expect(open).toHaveLength(1);
    expect(guide).toContain('`SlackFunction has no authentication. Is this okay? [y/N]` | **`y`**');
  });

  it('reserves the concurrency it warns about', () => {
    const reserved = Object.values(template.Resources).filter((r) => r.Properties?.ReservedConcurrentExecutions);
    expect(reserved.length).toBeGreaterThan(0);
    expect(guide).toContain('`ReservedConcurrentExecutions: 1`');
  });

  it('runs the alarm notifier concurrently (one slow channel holds up no other), and says so', () => {
    expect(template.Resources.AlarmNotifierFunction?.Properties?.ReservedConcurrentExecutions).toBeUndefined();
    expect(guide).toContain('The alarm notifier reserves none');
  });

  it('says what is retained on delete, as the template marks it', () => {
    const retained = ['StateTable', 'DeadLetterQueue', 'SlackSecret'];
    const raw = readFileSync(join(ROOT, 'template.yaml'), 'utf8');
    for (const id of retained)
      expect({
        id,
        retained: new RegExp(`\\n  ${id}:\\n(?:    .*\\n)*?    DeletionPolicy: Retain\\n`).test(raw),
      }).toEqual({
        id,
        retained: true,
      });
    expect(guide).toMatch(/\*\*state table\*\*[\s\S]*\*\*dead-letter queue\*\*[\s\S]*\*\*Slack secret\*\*/);
  });
});
