/**
 * EventBridge's event-pattern grammar, as its documentation states it ("Creating event patterns",
 * "Content filtering in Amazon EventBridge event patterns", "Comparison operators", quotas), so a
 * pattern PutRule would refuse fails here instead of in a rolled-back deploy. cfn-lint checks only
 * that EventPattern is an object or a string, and moto accepts what it can parse.
 *
 * - A pattern is a JSON object; each field is an array of values (a leaf) or an object (a nested
 *   field); a leaf array is not empty and holds strings, numbers, booleans, null or one-key
 *   operator objects. Operators work on leaves only ($or and anything-but aside).
 * - `$or` is an array of at least two sub-patterns.
 * - prefix / suffix: a string, or `{"equals-ignore-case": string}`; equals-ignore-case: a string.
 * - anything-but: a string, a number, a non-empty list of only strings or only numbers, or one of
 *   `{prefix|suffix: string}`, `{equals-ignore-case|wildcard: string | string[]}`.
 * - numeric: `[op, n]` or `[">"|">=", n, "<"|"<=", m]` with n < m; "=" stands alone; each value
 *   a JSON number (a string "4" is refused: "Value of >= must be numeric") from -5.0e9 to 5.0e9.
 * - exists: true or false. cidr: an IPv4 or IPv6 CIDR block. wildcard: a string with no two
 *   consecutive `*`.
 * - The pattern is at most 2048 characters (the default "Event pattern size" quota).
 */

export const PATTERN_SIZE_LIMIT = 2048;

const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard'];
const NUMERIC_LIMIT = 5e9;

type Problem = string;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkString(path: string, op: string, v: unknown, problems: Problem[]): void {
  if (typeof v !== 'string') problems.push(`${path}: "${op}" must be a string, got ${JSON.stringify(v)}`);
}

function checkNumeric(path: string, v: unknown, problems: Problem[]): void {
  if (!Array.isArray(v) || (v.length !== 2 && v.length !== 4)) {
    problems.push(`${path}: "numeric" must be [op, number] or [op, number, op, number]`);
    return;
  }
  for (let i = 0; i < v.length; i += 2) {
    const op = v[i];
    const value = v[i + 1];
    if (!['<', '<=', '=', '>', '>='].includes(op as string)) {
      problems.push(`${path}: unrecognized numeric range operator ${JSON.stringify(op)}`);
      continue;
    }
    if (typeof value !== 'number') problems.push(`${path}: Value of ${String(op)} must be numeric`);
    else if (Math.abs(value) > NUMERIC_LIMIT) problems.push(`${path}: ${value} is outside -5.0e9..5.0e9`);
  }
  if (v.length === 4) {
    const [lowOp, low, highOp, high] = v as [string, number, string, number];
    if (!['>', '>='].includes(lowOp) || !['<', '<='].includes(highOp))
      problems.push(`${path}: a numeric range is [">"|">=", low, "<"|"<=", high]`);
    else if (typeof low === 'number' && typeof high === 'number' && !(low < high))
      problems.push(`${path}: numeric range bottom must be less than top`);
  }
}

function checkWildcard(path: string, v: unknown, problems: Problem[]): void {
  checkString(path, 'wildcard', v, problems);
  if (typeof v === 'string' && v.includes('**')) problems.push(`${path}: consecutive wildcard characters`);
}

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

function checkOperator(path: string, op: string, v: unknown, problems: Problem[]): void {
  switch (op) {
    case 'prefix':
    case 'suffix':
      if (isObject(v)) {
        const keys = Object.keys(v);
        if (keys.length !== 1 || keys[0] !== 'equals-ignore-case')
          problems.push(`${path}: "${op}" takes a string or {"equals-ignore-case": string}`);
        else checkString(path, 'equals-ignore-case', v['equals-ignore-case'], problems);
      } else checkString(path, op, v, problems);
      return;
    case 'equals-ignore-case':
      return checkString(path, op, v, problems);
    case 'exists':
      if (typeof v !== 'boolean') problems.push(`${path}: "exists" must be true or false`);
      return;
    case 'cidr': {
      const m4 = typeof v === 'string' ? CIDR4.exec(v) : null;
      const ok4 = m4 !== null && m4.slice(1, 5).every((o) => Number(o) <= 255) && Number(m4[5]) <= 32;
      const m6 = typeof v === 'string' ? CIDR6.exec(v) : null;
      if (!ok4 && !(m6 !== null && Number(m6[1]) <= 128)) problems.push(`${path}: "cidr" must be a CIDR block`);
      return;
    }
    case 'wildcard':
      return checkWildcard(path, v, problems);
    case 'numeric':
      return checkNumeric(path, v, problems);
    case 'anything-but': {
      if (typeof v === 'string' || typeof v === 'number') return;
      if (Array.isArray(v)) {
        const strings = v.every((x) => typeof x === 'string');
        const numbers = v.every((x) => typeof x === 'number');
        if (v.length === 0 || !(strings || numbers))
          problems.push(`${path}: "anything-but" list must be non-empty, all strings or all numbers`);
        return;
      }
      if (isObject(v) && Object.keys(v).length === 1) {
        const [inner] = Object.keys(v) as [string];
        const value = v[inner];
        if (inner === 'prefix' || inner === 'suffix')
          return checkString(path, `anything-but/${inner}`, value, problems);
        if (inner === 'equals-ignore-case' || inner === 'wildcard') {
          const list = Array.isArray(value) ? value : [value];
          if (list.length === 0) problems.push(`${path}: "anything-but/${inner}" list must not be empty`);
          for (const x of list)
            if (inner === 'wildcard') checkWildcard(path, x, problems);
            else checkString(path, inner, x, problems);
          return;
        }
      }
      problems.push(`${path}: unsupported "anything-but" value ${JSON.stringify(v)}`);
      return;
    }
  }
}

function checkLeaf(path: string, values: unknown[], problems: Problem[]): void {
  if (values.length === 0) problems.push(`${path}: empty arrays are not allowed`);
  for (const value of values) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) continue;
    if (Array.isArray(value)) {
      problems.push(`${path}: a leaf array cannot hold an array`);
      continue;
    }
    const keys = Object.keys(value as object);
    if (keys.length !== 1 || !OPERATORS.includes(keys[0]!)) {
      problems.push(`${path}: ${JSON.stringify(value)} is not one operator (${OPERATORS.join(', ')})`);
      continue;
    }
    checkOperator(path, keys[0]!, (value as Record<string, unknown>)[keys[0]!], problems);
  }
}

function checkObject(path: string, pattern: Record<string, unknown>, problems: Problem[]): void {
  if (Object.keys(pattern).length === 0) problems.push(`${path || '(pattern)'}: empty object`);
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject))
        problems.push(`${at}: "$or" must be an array of at least two objects`);
      else value.forEach((branch, i) => checkObject(`${at}[${i}]`, branch, problems));
    } else if (Array.isArray(value)) checkLeaf(at, value, problems);
    else if (isObject(value)) checkObject(at, value, problems);
    else problems.push(`${at}: a match value must be an array (got ${JSON.stringify(value)})`);
  }
}

/** What EventBridge would refuse in `pattern` (an object or the JSON string PutRule gets); [] when valid. */
export function patternProblems(pattern: unknown): string[] {
  let text: string;
  let parsed: unknown;
  if (typeof pattern === 'string') {
    text = pattern;
    try {
      parsed = JSON.parse(pattern);
    } catch (err) {
      return [`not JSON: ${(err as Error).message}`];
    }
  } else {
    parsed = pattern;
    text = JSON.stringify(pattern);
  }
  const problems: Problem[] = [];
  if (!isObject(parsed)) return ['an event pattern must be a JSON object'];
  if (text.length > PATTERN_SIZE_LIMIT)
    problems.push(`${text.length} characters: over the ${PATTERN_SIZE_LIMIT}-character event pattern quota`);
  checkObject('', parsed, problems);
  return problems;
}

/** The pattern as an object (a string pattern parsed). */
export function patternObject(pattern: unknown): Record<string, unknown> {
  return (typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as Record<string, unknown>;
}

function matchValue(expected: unknown, actual: unknown, present: boolean): boolean {
  if (!isObject(expected)) return present && expected === actual;
  const [op, arg] = Object.entries(expected)[0]!;
  if (op === 'exists') return arg === present;
  if (!present) return false;
  const s = typeof actual === 'string' ? actual : undefined;
  switch (op) {
    case 'prefix':
      return s !== undefined && typeof arg === 'string' && s.startsWith(arg);
    case 'suffix':
      return s !== undefined && typeof arg === 'string' && s.endsWith(arg);
    case 'equals-ignore-case':
      return s !== undefined && s.toLowerCase() === String(arg).toLowerCase();
    case 'anything-but': {
      if (isObject(arg)) {
        if ('prefix' in arg) return s !== undefined && !s.startsWith(String(arg.prefix));
        if ('suffix' in arg) return s !== undefined && !s.endsWith(String(arg.suffix));
        throw new Error(`matches: anything-but ${JSON.stringify(arg)} not modelled`);
      }
      return !(Array.isArray(arg) ? arg : [arg]).includes(actual);
    }
    case 'numeric': {
      if (typeof actual !== 'number') return false;
      const range = arg as Array<string | number>;
      for (let i = 0; i < range.length; i += 2) {
        const n = range[i + 1];
        // EventBridge refuses a non-numeric bound; JavaScript's >= would compare 5 >= "4" as true.
        if (typeof n !== 'number') return false;
        const ok = { '<': actual < n, '<=': actual <= n, '=': actual === n, '>': actual > n, '>=': actual >= n }[
          range[i] as '<'
        ];
        if (!ok) return false;
      }
      return true;
    }
    default:
      throw new Error(`matches: operator ${op} not modelled`);
  }
}

function matchObject(pattern: Record<string, unknown>, event: unknown): boolean {
  const e = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') return (expected as Array<Record<string, unknown>>).some((branch) => matchObject(branch, e));
    const present = key in e;
    const actual = e[key];
    if (isObject(expected)) return matchObject(expected, actual);
    const values = Array.isArray(actual) ? actual : [actual];
    // An array in the event matches when any of its elements does.
    return (expected as unknown[]).some((x) =>
      isObject(x) && 'exists' in x ? matchValue(x, actual, present) : values.some((v) => matchValue(x, v, present)),
    );
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern` (the operators this project uses). */
export function matches(pattern: unknown, event: unknown): boolean {
  return matchObject(patternObject(pattern), event);
}
