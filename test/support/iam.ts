/**
 * A small IAM policy evaluator for identity policies, as IAM decides a request: an explicit Deny
 * wins, else an Allow whose Action, Resource and Condition all match, else the implicit deny.
 * Action names match case-insensitively with `*` and `?`; resource ARNs match with `*` and `?`
 * (each may cross ":" and "/", as in IAM). NotAction / NotResource are honoured. Conditions:
 * the String*, Arn* and Null operators with their IfExists forms, which is what the templates use.
 */

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Request {
  action: string;
  resource: string;
  /** Request context keys (aws:ResourceOrgID, ec2:CreateAction…) and their values. */
  context?: Record<string, string>;
}

export interface Decision {
  allowed: boolean;
  /** The statement that allowed it, or the Deny that refused it. */
  statement?: Statement;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    const ifExists = operator.endsWith('IfExists');
    const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
    for (const [key, expected] of Object.entries(entries)) {
      const values = list(expected);
      const actual = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (op === 'Null') {
        if ((actual === undefined) !== (values[0] === 'true')) return false;
        continue;
      }
      if (actual === undefined) {
        if (ifExists || op.includes('Not')) continue;
        return false;
      }
      const match = (fn: (x: string) => boolean) => values.some(fn);
      let ok: boolean;
      switch (op) {
        case 'StringEquals':
        case 'ArnEquals':
          ok = match((x) => x === actual);
          break;
        case 'StringEqualsIgnoreCase':
          ok = match((x) => x.toLowerCase() === actual.toLowerCase());
          break;
        case 'StringLike':
        case 'ArnLike':
          ok = match((x) => glob(x, actual));
          break;
        case 'StringNotEquals':
        case 'ArnNotEquals':
          ok = !match((x) => x === actual);
          break;
        case 'StringNotLike':
        case 'ArnNotLike':
          ok = !match((x) => glob(x, actual));
          break;
        default:
          throw new Error(`iam: condition operator ${operator} is not modelled`);
      }
      if (!ok) return false;
    }
  }
  return true;
}

function applies(st: Statement, req: Request): boolean {
  const actionHit = (patterns: string[]) => patterns.some((p) => glob(p, req.action, true));
  const resourceHit = (patterns: string[]) => patterns.some((p) => glob(p, req.resource));
  if (st.Action !== undefined && !actionHit(list(st.Action))) return false;
  if (st.NotAction !== undefined && actionHit(list(st.NotAction))) return false;
  if (st.Resource !== undefined && !resourceHit(list(st.Resource))) return false;
  if (st.NotResource !== undefined && resourceHit(list(st.NotResource))) return false;
  return conditionHolds(st.Condition, req.context ?? {});
}

export function evaluate(statements: Statement[], req: Request): Decision {
  const deny = statements.find((st) => st.Effect === 'Deny' && applies(st, req));
  if (deny) return { allowed: false, statement: deny };
  const allow = statements.find((st) => st.Effect === 'Allow' && applies(st, req));
  return allow ? { allowed: true, statement: allow } : { allowed: false };
}

/** AWS managed policies SAM attaches, by ARN suffix (their documented content). */
const MANAGED: Record<string, Statement[]> = {
  'policy/service-role/AWSLambdaBasicExecutionRole': [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ],
};

/** Every statement of an AWS::IAM::Role's inline policies and (known) managed policies, resolved. */
export function roleStatements(role: { Properties?: Record<string, unknown> }): Statement[] {
  const p = role.Properties ?? {};
  const policies = (p.Policies as Array<{ PolicyDocument: { Statement: Statement | Statement[] } }> | undefined) ?? [];
  const inline = policies.flatMap(({ PolicyDocument: { Statement: s } }) => (Array.isArray(s) ? s : [s]));
  const managed = ((p.ManagedPolicyArns as string[] | undefined) ?? []).flatMap((arn) => {
    const key = Object.keys(MANAGED).find((k) => arn.endsWith(k));
    if (!key) throw new Error(`iam: managed policy ${arn} is not modelled`);
    return MANAGED[key]!;
  });
  return [...inline, ...managed];
}
