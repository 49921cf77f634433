import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { identity } from './cfn-identity';
import { ROOT } from './paths';

/**
 * A template resolved as CloudFormation applies it: SAM's own translator first (the functions'
 * roles, subscriptions and schedules as SAM generates them), then parameters, rules, conditions
 * and intrinsics evaluated for one parameter set. Parameters are strings wherever a Ref lands (a
 * Number parameter's Ref is "4", not 4), as CloudFormation hands them to resource properties.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
interface CfnParameter {
  Type: string;
  Default?: string | number;
  AllowedPattern?: string;
  AllowedValues?: Array<string | number>;
  MinValue?: number;
  MaxValue?: number;
  MinLength?: number;
  MaxLength?: number;
}
export interface CfnTemplate {
  Parameters?: Record<string, CfnParameter>;
  Rules?: Record<string, { RuleCondition?: Json; Assertions: Array<{ Assert: Json; AssertDescription?: string }> }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Condition?: string }>;
}

const translated = new Map<string, CfnTemplate>();

/** The template after SAM's transform (plain CloudFormation JSON). Memoised for this test file only. */
export function translate(file: string): CfnTemplate {
  let template = translated.get(file);
  if (!template) {
    const out = execFileSync('python3', [join(__dirname, 'sam-translate.py'), join(ROOT, file)], {
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_DEFAULT_REGION: 'eu-west-1' },
    });
    template = JSON.parse(out) as CfnTemplate;
    translated.set(file, template);
  }
  return structuredClone(template);
}

export interface Where {
  account: string;
  region: string;
  partition?: string;
  stackName?: string;
}

export const CENTRAL: Where = { account: '111111111111', region: 'eu-west-1', stackName: 'lamplighter' };

/** Why CloudFormation refuses a stack before creating anything (a parameter's constraint, a Rule). */
export class DeployRefused extends Error {}

export interface Stack {
  parameters: Record<string, string | string[]>;
  conditions: Record<string, boolean>;
  /** Only the resources whose condition holds, with every intrinsic resolved. */
  resources: Record<string, CfnResource>;
  /** The outputs whose condition holds, resolved. */
  outputs: Record<string, unknown>;
  where: Required<Where>;
  /** Ref / GetAtt of a resource, as the resolution used them. */
  ref(logicalId: string): string;
  arn(logicalId: string): string;
}

function checkParameter(name: string, p: CfnParameter, raw: string): string | string[] {
  const refuse = (why: string) => {
    throw new DeployRefused(`Parameter '${name}' ${why}`);
  };
  if (p.Type === 'CommaDelimitedList') {
    const list = raw.split(',');
    if (p.AllowedPattern)
      for (const x of list) if (!new RegExp(p.AllowedPattern).test(x)) refuse(`entry "${x}" fails AllowedPattern`);
    return list;
  }
  if (p.Type === 'Number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) refuse(`must be a number, got "${raw}"`);
    if (p.MinValue !== undefined && n < p.MinValue) refuse(`must be at least ${p.MinValue}`);
    if (p.MaxValue !== undefined && n > p.MaxValue) refuse(`must be at most ${p.MaxValue}`);
  }
  if (p.AllowedValues && !p.AllowedValues.map(String).includes(raw))
    refuse(`must be one of ${p.AllowedValues.join(', ')}`);
  if (p.AllowedPattern && !new RegExp(p.AllowedPattern).test(raw)) refuse(`fails AllowedPattern ${p.AllowedPattern}`);
  if (p.MinLength !== undefined && raw.length < p.MinLength) refuse(`is shorter than ${p.MinLength}`);
  if (p.MaxLength !== undefined && raw.length > p.MaxLength) refuse(`is longer than ${p.MaxLength}`);
  return raw;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves `template` for `given` parameters (others take their defaults) as CloudFormation
 * would: refuses what a parameter constraint or a Rule refuses (DeployRefused, with the
 * AssertDescription), evaluates conditions, drops resources whose condition is false, and
 * evaluates Ref, GetAtt, Sub, Join, Split, Select, If, Equals, Not, And, Or, FindInMap.
 */
export function resolve(template: CfnTemplate, given: Record<string, string> = {}, where: Where = CENTRAL): Stack {
  const w: Required<Where> = { partition: 'aws', stackName: 'lamplighter', ...where };
  const parameters: Record<string, string | string[]> = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    const raw = given[name] ?? (p.Default === undefined ? undefined : String(p.Default));
    if (raw === undefined) throw new DeployRefused(`Parameters: [${name}] must have values`);
    parameters[name] = checkParameter(name, p, raw);
  }
  for (const name of Object.keys(given))
    if (!(name in parameters)) throw new DeployRefused(`Parameters: [${name}] do not exist in the template`);

  const pseudo: Record<string, string> = {
    'AWS::AccountId': w.account,
    'AWS::Region': w.region,
    'AWS::Partition': w.partition,
    'AWS::StackName': w.stackName,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': `arn:${w.partition}:cloudformation:${w.region}:${w.account}:stack/${w.stackName}/0000`,
  };
  const conditions: Record<string, boolean> = {};
  const ids = new Map<string, Record<string, string>>();
  const idOf = (logicalId: string) => {
    let found: Record<string, string> | undefined = ids.get(logicalId);
    if (!found) {
      const r = template.Resources[logicalId];
      if (!r) throw new Error(`resolve: no resource ${logicalId}`);
      found = identity(logicalId, r, w);
      ids.set(logicalId, found);
    }
    return found;
  };
  const refOf = (name: string): string | string[] | typeof NO_VALUE => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name]!;
    if (name in parameters) return parameters[name]!;
    return idOf(name).ref!;
  };
  const getAtt = (logicalId: string, attribute: string): string => {
    const found = idOf(logicalId);
    const value = attribute === 'Arn' ? found.arn : found[attribute];
    if (!value) throw new Error(`resolve: no attribute ${logicalId}.${attribute} modelled`);
    return value;
  };
  const condition = (name: string): boolean => {
    if (!(name in conditions)) {
      const body = template.Conditions?.[name];
      if (body === undefined) throw new Error(`resolve: no condition ${name}`);
      conditions[name] = Boolean(ev(body));
    }
    return conditions[name]!;
  };
  const sub = (text: string, local: Record<string, unknown>): string =>
    text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      if (name in local) return String(local[name]);
      if (name.includes('.')) {
        const [id, ...attr] = name.split('.');
        return getAtt(id!, attr.join('.'));
      }
      const value = refOf(name);
      if (value === NO_VALUE || Array.isArray(value)) throw new Error(`resolve: \${${name}} is not a string`);
      return value;
    });

  function ev(v: Json): unknown {
    if (Array.isArray(v)) return v.map(ev).filter((x) => x !== NO_VALUE);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = v[key]!;
      switch (key) {
        case 'Ref':
          return refOf(arg as string);
        case 'Fn::GetAtt': {
          const [id, attr] =
            typeof arg === 'string' ? (arg.split(/\.(.*)/) as [string, string]) : (arg as [string, string]);
          return getAtt(id, attr);
        }
        case 'Fn::Sub': {
          if (typeof arg === 'string') return sub(arg, {});
          const [text, map] = arg as [string, Record<string, Json>];
          return sub(text, Object.fromEntries(Object.entries(map).map(([k, x]) => [k, ev(x)])));
        }
        case 'Fn::Join': {
          const [delimiter, list] = arg as [string, Json];
          return (ev(list) as unknown[]).join(delimiter);
        }
        case 'Fn::Split': {
          const [delimiter, text] = arg as [string, Json];
          return String(ev(text)).split(delimiter);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [Json, Json];
          const items = ev(list) as unknown[];
          const i = Number(ev(index));
          if (!(i in items)) throw new Error(`resolve: Fn::Select index ${i} out of range`);
          return items[i];
        }
        case 'Fn::If': {
          const [name, then, otherwise] = arg as [string, Json, Json];
          return ev(condition(name) ? then : otherwise);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as Json[]).map(ev);
          return JSON.stringify(a) === JSON.stringify(b);
        }
        case 'Fn::Not':
          return !ev((arg as Json[])[0]!);
        case 'Fn::And':
          return (arg as Json[]).every((x) => ev(x));
        case 'Fn::Or':
          return (arg as Json[]).some((x) => ev(x));
        case 'Condition':
          return condition(arg as string);
        // Rules-only functions.
        case 'Fn::Contains': {
          const [list, value] = (arg as Json[]).map(ev) as [unknown[], unknown];
          return list.includes(value);
        }
        case 'Fn::EachMemberEquals': {
          const [list, value] = (arg as Json[]).map(ev) as [unknown[], unknown];
          return list.every((x) => x === value);
        }
        case 'Fn::EachMemberIn': {
          const [list, within] = (arg as Json[]).map(ev) as [unknown[], unknown[]];
          return list.every((x) => within.includes(x));
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const value = ev(x);
      if (value !== NO_VALUE) out[k] = value;
    }
    return out;
  }

  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    if (rule.RuleCondition !== undefined && !ev(rule.RuleCondition)) continue;
    for (const a of rule.Assertions)
      if (!ev(a.Assert)) throw new DeployRefused(`Rule ${name}: ${a.AssertDescription ?? 'assertion failed'}`);
  }
  for (const name of Object.keys(template.Conditions ?? {})) condition(name);

  const resources: Record<string, CfnResource> = {};
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Condition && !condition(r.Condition)) continue;
    resources[logicalId] = ev(r as unknown as Json) as CfnResource;
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(template.Outputs ?? {}))
    if (!o.Condition || condition(o.Condition)) outputs[name] = ev(o.Value);
  return {
    parameters,
    conditions,
    resources,
    outputs,
    where: w,
    ref: (id) => idOf(id).ref!,
    arn: (id) => getAtt(id, 'Arn'),
  };
}

/** The central stack as AWS applies it, for the given parameters. */
export function centralStack(given: Record<string, string> = {}, where: Where = CENTRAL): Stack {
  return resolve(translate('template.yaml'), { SlackDefaultChannel: 'C0ALERTS01', ...given }, where);
}

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';

/**
 * The central stack's parameters for an organisation: its id, and the external id while the
 * stack takes it as a parameter (MemberExternalId; it may move to Secrets Manager).
 */
export function organisationParameters(): Record<string, string> {
  const parameters = translate('template.yaml').Parameters ?? {};
  return {
    OrganizationId: ORGANIZATION_ID,
    ...('MemberExternalId' in parameters ? { MemberExternalId: 'a-shared-secret' } : {}),
  };
}

export const MEMBER_PARAMETERS = {
  CentralAccountId: CENTRAL.account,
  CentralRegion: CENTRAL.region,
  CentralBusArn: `arn:aws:events:${CENTRAL.region}:${CENTRAL.account}:event-bus/lamplighter-organization`,
  CentralReadRoleArns: `arn:aws:iam::${CENTRAL.account}:role/lamplighter-AlarmNotifierFunctionRole-ABCDEF123456`,
  CentralOperatorRoleArns: `arn:aws:iam::${CENTRAL.account}:role/lamplighter-WorkerFunctionRole-ABCDEF123456`,
  ExternalId: 'a-shared-secret',
};

/** member.yaml as AWS applies it in one member account and region. */
export function memberStack(
  given: Record<string, string> = {},
  where: Where = { account: '222222222222', region: 'eu-west-1' },
): Stack {
  return resolve(translate('member.yaml'), { ...MEMBER_PARAMETERS, ...given }, where);
}
