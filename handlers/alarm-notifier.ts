import type { Context } from 'aws-lambda';
import { createNotifierApp } from '../src/app/notifier';
import { createNotifierAws } from '../src/adapters/aws/notifier-aws';
import { createMemberAccess, memberSettingsFrom } from '../src/adapters/aws/member-access';
import { memberProbeRequest, probeMemberRead } from '../src/adapters/aws/member-probe';
import { logLevelEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { createSlackClient } from '../src/adapters/slack/web-api';

// Built once per container: a bad configuration fails here, at cold start, naming the entry.
const app = createNotifierApp(process.env, {
  aws: createNotifierAws(process.env.TABLE_NAME ?? ''),
  slackFor: (token, config) =>
    createSlackClient({
      token,
      apiUrl: config.slackApiUrl,
      timeoutMs: config.slackTimeoutMs,
      ...(config.consoleSignIn ? { consoleSignIn: config.consoleSignIn } : {}),
    }),
  log: jsonLogger(undefined, logLevelEnv(process.env)),
});

/** SNS "alarms" topic → one live Slack message per incident. */
export const handler = async (event: unknown, context: Context) => {
  // `lamplighter doctor` asks whether member accounts let the functions in; only a direct invoke
  // can send this (SNS wraps what it delivers in Records; the schedule's input is fixed). A new
  // access each time: the answer is about now, not about credentials a warm container cached.
  const probe = memberProbeRequest(event);
  if (probe !== undefined) return probeMemberRead(createMemberAccess(memberSettingsFrom(process.env)), probe);
  const outcomes = await app.handle(event, Date.now() + context.getRemainingTimeInMillis());
  return { delivered: outcomes.length };
};
