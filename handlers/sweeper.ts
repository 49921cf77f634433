import type { Context } from 'aws-lambda';
import { createResourceChecker } from '../src/adapters/aws/resource-checker';
import { createMemberAccess, memberSettingsFrom } from '../src/adapters/aws/member-access';
import { memberProbeRequest, probeMemberRead } from '../src/adapters/aws/member-probe';
import { createSlackAppAws } from '../src/adapters/aws/slack-app-aws';
import { sweep } from '../src/app/sweeper';
import { loadSlackAppConfig } from '../src/config/slack-app';
import { createSlackProvider } from '../src/kernel/delivery/slack-provider';
import { logLevelEnv, requiredEnv } from '../src/config/env';
import { jsonLogger } from '../src/kernel/log';
import { slackClientFor } from '../src/adapters/slack/web-api';

// Built once per container; a bad configuration fails here, naming the entry.
const config = loadSlackAppConfig(process.env);
// Member accounts (member.yaml's roles): mutes end, snapshots are followed and reminders check there too.
const access = createMemberAccess(memberSettingsFrom(process.env), { sessionName: 'lamplighter-sweeper' });
const aws = createSlackAppAws(requiredEnv(process.env, 'TABLE_NAME'), access);
const log = jsonLogger(undefined, logLevelEnv(process.env));
const slack = createSlackProvider(config.slackToken, aws.readSlackToken, slackClientFor(config, log));
const resources = createResourceChecker(access);

/** EventBridge schedule → end expired mutes (re-enabling alarm actions), escalate unacknowledged alarms, follow snapshots, send due reminders. */
export const handler = async (event: unknown, context: Context) => {
  // `lamplighter doctor` asks whether member accounts let the functions in. Only a direct invoke
  // can send this (the schedule's input is fixed). The sweeper answers it, not the notifier:
  // its one reserved execution belongs to alarms. A new access each time: the answer is about
  // now, not about credentials a warm container cached.
  const probe = memberProbeRequest(event);
  if (probe !== undefined)
    return probeMemberRead(
      createMemberAccess(memberSettingsFrom(process.env), { sessionName: 'lamplighter-sweeper' }),
      probe,
    );
  const deadline = Date.now() + context.getRemainingTimeInMillis();
  const result = await sweep({
    stores: aws.stores!,
    alarms: aws.alarms,
    resources,
    ec2: aws.ec2,
    region: config.region,
    slack: await slack.get(),
    escalateAfterMs: config.escalateAfterMs,
    ...(config.oncallGroupId ? { oncallGroupId: config.oncallGroupId } : {}),
    ...(config.defaultChannel ? { defaultChannel: config.defaultChannel } : {}),
    now: () => new Date(),
    deadline: () => deadline,
    log,
  });
  log.info('swept', { ...result });
  if (result.failures) throw new Error(`${result.failures} sweep step(s) failed; see the log`);
  return result;
};
