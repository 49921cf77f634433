import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { centralStack } from '../support/cfn';
import { ROOT } from '../support/paths';

/** The functions' environment variables, as the transformed template sets them, against what their code reads. */

const FUNCTIONS: Record<string, string> = {
  AlarmNotifierFunction: 'alarm-notifier',
  CostGuardFunction: 'cost-guard',
  SlackFunction: 'slack',
  WorkerFunction: 'worker',
  SweeperFunction: 'sweeper',
};

const stack = centralStack();
const variables = (fn: string) =>
  Object.keys((stack.resources[fn]!.Properties!.Environment as { Variables: Record<string, string> }).Variables);
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe("each function's environment", () => {
  it.each(Object.entries(FUNCTIONS))('%s: every variable set is one its bundle reads', (fn, name) => {
    const bundle = text(`dist/${name}/index.js`);
    expect({ fn, unread: variables(fn).filter((v) => !bundle.includes(v)) }).toEqual({ fn, unread: [] });
  });

  // loadSlackAppConfig reads every Slack-app setting; which ones a function needs is what its
  // handler takes from the config. The worker hands the whole config on (createWorker).
  const SETTINGS: Record<string, string[]> = {
    roles: ['LAMPLIGHTER_ROLES'],
    access: ['LOGS_ALLOWED_PREFIXES', 'LOGS_ACCESS_POLICY'],
    aliases: ['LOGS_ALIASES'],
  };
  it.each([
    ['SlackFunction', 'handlers/slack.ts'],
    ['SweeperFunction', 'handlers/sweeper.ts'],
  ])('%s: gets the Slack-app settings its handler uses, and no others', (fn, handler) => {
    const used = new Set([...text(handler).matchAll(/\bconfig\.(\w+)/g)].map((m) => m[1]));
    for (const [field, names] of Object.entries(SETTINGS))
      for (const name of names)
        expect({ fn, name, set: variables(fn).includes(name) }).toEqual({ fn, name, set: used.has(field) });
  });
});

describe('what a stack delete or replacement keeps', () => {
  it.each(['StateTable', 'DeadLetterQueue', 'SlackSecret'])(
    '%s is retained (incidents, mutes and audit; undelivered events; the Slack credentials)',
    (id) => {
      expect(stack.resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    },
  );
});
