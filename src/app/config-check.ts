import { loadCostGuardConfig } from '../config/cost-guard';
import { logLevelEnv, requiredEnv, type Env } from '../config/env';
import { loadNotifierConfig } from '../config/notifier';
import { loadSlackAppConfig } from '../config/slack-app';

/**
 * What each function's cold start loads (its handler's top level), by bundle name: the same
 * loaders, so a configuration they would reject is rejected at deploy time, with their message.
 * test/build/config-check.test.ts holds each entry to its built bundle's cold start.
 */
const COLD_STARTS: Record<string, (env: Env) => void> = {
  'alarm-notifier': (env) => {
    loadNotifierConfig(env);
    logLevelEnv(env);
  },
  'cost-guard': (env) => {
    // The built-in watchlist only stands in for an empty COST_WATCHLIST; what the loader accepts
    // does not depend on it, and importing it would bundle every estimator and the price list.
    loadCostGuardConfig(env, []);
    logLevelEnv(env);
  },
  slack: (env) => {
    loadSlackAppConfig(env);
    requiredEnv(env, 'WORKER_FUNCTION_NAME');
    logLevelEnv(env);
  },
  worker: (env) => {
    loadSlackAppConfig(env);
    logLevelEnv(env);
  },
  sweeper: (env) => {
    loadSlackAppConfig(env);
    requiredEnv(env, 'TABLE_NAME');
    logLevelEnv(env);
  },
};

export interface FunctionConfiguration {
  /** The function's bundle (scripts/build.mjs's name), which says which loaders it runs. */
  Bundle: string;
  /** Its environment variables, exactly as the template sets them. */
  Environment: Record<string, string>;
}

/**
 * Each function's problem, as "<logical id>: <the loader's message>"; [] when every function
 * would start. `runtime` is what Lambda adds to every environment (AWS_REGION).
 */
export function configurationProblems(functions: Record<string, FunctionConfiguration>, runtime: Env = {}): string[] {
  return Object.entries(functions).flatMap(([name, fn]) => {
    const load = COLD_STARTS[fn.Bundle];
    if (!load) return [`${name}: no cold-start check for bundle "${fn.Bundle}"`];
    try {
      load({ ...runtime, ...fn.Environment });
      return [];
    } catch (err) {
      return [`${name}: ${(err as Error).message}`];
    }
  });
}

/**
 * The parameters behind the variables a refusal names ("COST_CRITICAL_MONTHLY_USD is the
 * parameter CostCriticalMonthlyUsd"), so the person deploying knows what to change.
 */
export function parameterLegend(problems: readonly string[], parameterNames: Record<string, string>): string {
  const text = problems.join(' ');
  const named = Object.entries(parameterNames).filter(([variable]) => new RegExp(`\\b${variable}\\b`).test(text));
  return named.map(([variable, parameter]) => `${variable} is the parameter ${parameter}`).join(', ');
}
