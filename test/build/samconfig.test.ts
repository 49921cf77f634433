import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate } from '../support/template';
import { ROOT } from '../support/paths';
import { parseToml, type TomlTable } from '../support/toml';

const config = parseToml(readFileSync(join(ROOT, 'samconfig.toml'), 'utf8'));
const template = loadTemplate();
const table = (path: string): TomlTable => {
  let t: unknown = config;
  for (const part of path.split('.')) t = (t as TomlTable | undefined)?.[part];
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new Error(`samconfig.toml has no [${path}]`);
  return t as TomlTable;
};
const deploy = table('default.deploy.parameters');

/** SAM CLI's `parameter_overrides` string: `Key=Value Key="a value with spaces"`. */
function parameterOverrideKeys(text: string): string[] {
  return [...text.matchAll(/([A-Za-z0-9]+)=(?:"(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => m[1] as string);
}

/** Which capabilities CloudFormation demands of a template, from its resources. */
function capabilitiesNeeded(): Set<string> {
  const needed = new Set<string>();
  if (template.Transform) needed.add('CAPABILITY_AUTO_EXPAND');
  const naming = ['RoleName', 'PolicyName', 'ManagedPolicyName', 'UserName', 'GroupName', 'InstanceProfileName'];
  for (const resource of Object.values(template.Resources)) {
    const props = resource.Properties ?? {};
    // A SAM function without its own Role gets one from the transform: an IAM resource.
    const createsRole = resource.Type === 'AWS::Serverless::Function' && !('Role' in props);
    const isIam = resource.Type.startsWith('AWS::IAM::');
    if (createsRole || isIam) needed.add('CAPABILITY_IAM');
    if (isIam && naming.some((k) => k in props && !(resource.Type === 'AWS::IAM::Policy' && k === 'PolicyName')))
      needed.add('CAPABILITY_NAMED_IAM');
  }
  return needed;
}

describe('samconfig.toml', () => {
  it('is SAM CLI configuration version 0.1 for the stack named lamplighter', () => {
    expect(config.version).toBe(0.1);
    expect(table('default.global.parameters').stack_name).toBe('lamplighter');
  });

  it('deploys the template through S3, which its size requires', () => {
    // CloudFormation takes at most 51,200 bytes inline; past that, sam deploy needs a bucket.
    expect(statSync(join(ROOT, 'template.yaml')).size).toBeGreaterThan(51_200);
    expect(deploy.resolve_s3).toBe(true);
  });

  it('grants every capability the template needs, and only known ones', () => {
    const granted = String(deploy.capabilities).split(/\s+/);
    const known = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];
    expect(granted.filter((c) => !known.includes(c))).toEqual([]);
    const needed = capabilitiesNeeded();
    expect(needed.has('CAPABILITY_IAM')).toBe(true);
    for (const c of needed) {
      // NAMED_IAM includes IAM: CloudFormation accepts either for unnamed roles.
      const covered = granted.includes(c) || (c === 'CAPABILITY_IAM' && granted.includes('CAPABILITY_NAMED_IAM'));
      expect({ capability: c, covered }).toEqual({ capability: c, covered: true });
    }
  });

  it('asks before changing anything, and leaves the region and the Slack channel to the user', () => {
    expect(deploy.confirm_changeset).toBe(true);
    expect(deploy.region).toBeUndefined();
    const overrides = parameterOverrideKeys(String(deploy.parameter_overrides ?? ''));
    expect(overrides).not.toContain('SlackDefaultChannel');
  });

  it('overrides only parameters the template has', () => {
    const keys = parameterOverrideKeys(String(deploy.parameter_overrides ?? ''));
    expect(keys.filter((k) => !(k in template.Parameters))).toEqual([]);
  });
});

describe('the samconfig.toml reader', () => {
  it('reads tables, strings, booleans, numbers and arrays, and refuses what it does not know', () => {
    expect(parseToml('a = 1 # c\n[x.y]\nb = "q#r"\nc = true\nd = ["e", "f"]\n')).toEqual({
      a: 1,
      x: { y: { b: 'q#r', c: true, d: ['e', 'f'] } },
    });
    expect(() => parseToml('a = {b = 1}')).toThrow('line 1');
    expect(() => parseToml('a = 1\na = 2')).toThrow('defined twice');
  });

  it('reads parameter_overrides keys as SAM CLI writes them', () => {
    expect(parameterOverrideKeys('A=1 B="x y" C=')).toEqual(['A', 'B', 'C']);
  });
});
