import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { centralStack, DeployRefused, organisationParameters, type Stack } from '../support/cfn';
import { ROOT } from '../support/paths';
import { loadTemplate } from '../support/template';

/**
 * Configuration, checked as a deployment meets it: for each parameter combination, either
 * CloudFormation refuses the stack (a parameter constraint, a template Rule, or the ConfigCheck
 * custom resource that runs the functions' own loaders before any function can get an event),
 * or every built bundle starts with the environment the template gives it. Never a stack that
 * deploys and then fails every cold start.
 */

const FUNCTIONS: Record<string, string> = {
  AlarmNotifierFunction: 'alarm-notifier',
  CostGuardFunction: 'cost-guard',
  SlackFunction: 'slack',
  WorkerFunction: 'worker',
  SweeperFunction: 'sweeper',
};

const run = promisify(execFile);

interface ColdStart {
  bundle: string;
  error?: string;
  result?: unknown;
}

async function coldStart(runs: Array<{ bundle: string; env: Record<string, unknown>; invoke?: unknown }>) {
  const child = run('node', [join(__dirname, '../support/cold-start.js')], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  child.child.stdin!.end(JSON.stringify(runs));
  const { stdout } = await child;
  return JSON.parse(stdout.slice(stdout.lastIndexOf('@@cold-start@@') + '@@cold-start@@'.length)) as ColdStart[];
}

const bundle = (name: string) => join(ROOT, 'dist', name, 'index.js');
const environment = (stack: Stack, fn: string) =>
  (stack.resources[fn]!.Properties!.Environment as { Variables: Record<string, string> }).Variables;

/** What CloudFormation's custom resource gets back from the ConfigCheck function (its PUT to the response URL). */
let server: Server;
let responses: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      responses.push({ method: req.method, ...(JSON.parse(body) as Record<string, unknown>) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Each function's built bundle, started with the environment the template gives it: what fails, as "<function>: <message>". */
async function coldStartFailures(stack: Stack): Promise<string[]> {
  const started = await coldStart(
    Object.entries(FUNCTIONS).map(([fn, name]) => ({ bundle: bundle(name), env: environment(stack, fn) })),
  );
  return started.flatMap((s, i) => (s.error ? [`${Object.keys(FUNCTIONS)[i]}: ${s.error}`] : []));
}

type Outcome = { refused: string } | { deploys: true; coldStartFailures: string[] };

/** What happens when this parameter set is deployed: refused (and by what), or deployed and each function's first start. */
async function deploy(parameters: Record<string, string>): Promise<Outcome> {
  let stack: Stack;
  try {
    stack = centralStack(parameters);
  } catch (err) {
    if (err instanceof DeployRefused) return { refused: err.message };
    throw err;
  }
  const check = stack.resources.ConfigCheck;
  if (check) {
    responses = [];
    const { port } = server.address() as AddressInfo;
    const { ServiceToken: _token, ...properties } = check.Properties!;
    const [invoked] = await coldStart([
      {
        bundle: bundle('config-check'),
        env: {},
        invoke: {
          RequestType: 'Create',
          ResponseURL: `http://127.0.0.1:${port}/response`,
          StackId: `arn:aws:cloudformation:eu-west-1:111111111111:stack/lamplighter/0000`,
          RequestId: 'request-1',
          ResourceType: 'Custom::ConfigCheck',
          LogicalResourceId: 'ConfigCheck',
          ResourceProperties: properties,
        },
      },
    ]);
    expect(invoked?.error).toBeUndefined();
    expect(responses.length).toBe(1);
    const answer = responses[0]!;
    expect(answer).toMatchObject({ method: 'PUT', RequestId: 'request-1', LogicalResourceId: 'ConfigCheck' });
    if (answer.Status === 'FAILED') {
      // The check's reason is the built functions' own cold-start failures, word for word.
      const failures = await coldStartFailures(stack);
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) expect(String(answer.Reason)).toContain(failure);
      return { refused: String(answer.Reason) };
    }
    expect(answer.Status).toBe('SUCCESS');
  }
  return { deploys: true, coldStartFailures: await coldStartFailures(stack) };
}

const organisation = organisationParameters;
const OU_ROUTE = '[{"ou":"Production","channel":"C0PROD0001"}]';

describe('a parameter set either deploys and every function starts, or is refused before any function runs', () => {
  it.each<[string, Record<string, string>]>([
    ['the defaults', {}],
    [
      'an organisation, names from Organizations, a route by ou, console links through the portal',
      {
        ...organisation(),
        AccountNamesFromOrganizations: 'true',
        RoutesJson: OU_ROUTE,
        ConsoleStartUrl: 'https://my-company.awsapps.com/start',
        ConsoleRoleName: 'ReadOnlyAccess',
      },
    ],
    [
      'roles, logs policy and aliases, spend thresholds equal',
      {
        RolesJson: '[{"role":"operator","userGroups":["S0SRE"]}]',
        LogsAccessPolicy: '[{"groups":["/aws/lambda/billing-"],"channels":["C0BILLING1"]}]',
        LogsAliases: '{"api":"/aws/lambda/api-prod"}',
        CostWarningMonthlyUsd: '500',
        CostCriticalMonthlyUsd: '500',
      },
    ],
  ])('%s: deploys, and every function starts', async (_label, parameters) => {
    expect(await deploy(parameters)).toEqual({ deploys: true, coldStartFailures: [] });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'ConsoleRoleName without ConsoleStartUrl',
      { ConsoleRoleName: 'ReadOnlyAccess' },
      /ConsoleRoleName needs ConsoleStartUrl/,
    ],
    [
      'CostCriticalMonthlyUsd below CostWarningMonthlyUsd',
      { CostWarningMonthlyUsd: '100', CostCriticalMonthlyUsd: '50' },
      /CostGuardFunction: COST_CRITICAL_MONTHLY_USD: \(50\) must not be below COST_WARNING_MONTHLY_USD \(100\) \(COST_CRITICAL_MONTHLY_USD is the parameter CostCriticalMonthlyUsd, COST_WARNING_MONTHLY_USD is the parameter CostWarningMonthlyUsd\)/,
    ],
    [
      'a route by ou while AccountNamesFromOrganizations=false',
      { RoutesJson: OU_ROUTE },
      /AlarmNotifierFunction: LAMPLIGHTER_ROUTES\[0\]\.ou: needs ACCOUNT_NAMES_FROM_ORGANIZATIONS=true/,
    ],
    ['RoutesJson that is not JSON', { RoutesJson: '[{"channel":' }, /AlarmNotifierFunction: LAMPLIGHTER_ROUTES/],
    [
      'a CostWatchlist entry that is not service:EventName',
      { CostWatchlist: 'redshift:CreateCluster,RunInstances' },
      /CostGuardFunction: COST_WATCHLIST\[1\]/,
    ],
    ['a role rule naming nobody', { RolesJson: '[{"role":"operator"}]' }, /WorkerFunction: LAMPLIGHTER_ROLES\[0\]/],
  ])('%s: refused at deploy time, with the message the cold start would give', async (_label, parameters, message) => {
    const outcome = await deploy(parameters);
    expect(outcome).toEqual({ refused: expect.stringMatching(message) });
  });
});

describe('the ConfigCheck custom resource', () => {
  const stack = centralStack(organisation());

  it("holds each function's environment exactly as the function gets it", () => {
    const functions = stack.resources.ConfigCheck!.Properties!.Functions as Record<
      string,
      { Bundle: string; Environment: Record<string, string> }
    >;
    expect(Object.keys(functions).sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const [fn, name] of Object.entries(FUNCTIONS))
      expect({ fn, check: functions[fn] }).toEqual({
        fn,
        check: { Bundle: name, Environment: environment(stack, fn) },
      });
  });

  it('names the parameter behind each variable that comes from one', () => {
    const raw = loadTemplate();
    const expected: Record<string, string> = {};
    for (const fn of Object.keys(FUNCTIONS)) {
      const variables = (raw.Resources[fn]!.Properties!.Environment as { Variables: Record<string, unknown> })
        .Variables;
      for (const [name, value] of Object.entries(variables)) {
        const ref = (value as { Ref?: string; 'Fn::Join'?: [string, { Ref?: string }] }) ?? {};
        const parameter = ref.Ref ?? ref['Fn::Join']?.[1]?.Ref;
        if (parameter && parameter in raw.Parameters) expected[name] = parameter;
      }
    }
    expected.LOG_LEVEL = 'LogLevel';
    expect(raw.Resources.ConfigCheck!.Properties!.ParameterNames).toEqual(expected);
  });

  it('runs before any function can get an event: the functions with event sources depend on it', () => {
    for (const fn of ['AlarmNotifierFunction', 'CostGuardFunction', 'SlackFunction', 'SweeperFunction'])
      expect({ fn, dependsOn: ([] as string[]).concat(stack.resources[fn]!.DependsOn ?? []) }).toEqual({
        fn,
        dependsOn: expect.arrayContaining(['ConfigCheck']),
      });
    // The worker gets events only from the Slack function (which waits for the check); the
    // check names the worker (WORKER_FUNCTION_NAME), so it cannot wait for the check itself.
    expect(stack.resources.ConfigCheck!.Properties!.ServiceToken).toBe(stack.arn('ConfigCheckFunction'));
  });
});

describe('the ConfigCheck function (built bundle)', () => {
  const request = (RequestType: string, Functions: unknown) => {
    const { port } = server.address() as AddressInfo;
    return {
      RequestType,
      ResponseURL: `http://127.0.0.1:${port}/response`,
      StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/lamplighter/0000',
      RequestId: `request-${RequestType}`,
      LogicalResourceId: 'ConfigCheck',
      PhysicalResourceId: 'lamplighter-config-check',
      ResourceProperties: { Functions },
    };
  };
  const bad = { CostGuardFunction: { Bundle: 'cost-guard', Environment: { COST_CRITICAL_MONTHLY_USD: '1' } } };

  it('lets a delete through whatever the configuration (a rollback must be able to remove it)', async () => {
    responses = [];
    await coldStart([{ bundle: bundle('config-check'), env: {}, invoke: request('Delete', bad) }]);
    expect(responses).toEqual([
      expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'lamplighter-config-check' }),
    ]);
  });

  it('refuses an update, and a bundle it does not know, naming the function', async () => {
    responses = [];
    await coldStart([
      { bundle: bundle('config-check'), env: {}, invoke: request('Update', bad) },
      {
        bundle: bundle('config-check'),
        env: {},
        invoke: request('Update', { X: { Bundle: 'nope', Environment: {} } }),
      },
    ]);
    expect(responses.map((r) => [r.Status, r.Reason])).toEqual([
      ['FAILED', expect.stringContaining('CostGuardFunction: ')],
      ['FAILED', expect.stringContaining('X: no cold-start check for bundle "nope"')],
    ]);
  });
});
