import {
  channelsOf,
  checkAuth,
  checkChannel,
  checkManifest,
  checkMember,
  checkPeopleSubscriptions,
  checkQueue,
  checkRule,
  checkSecret,
  checkStack,
  checkTopic,
  memberAccounts,
  manifestUrls,
  skipped,
  type Check,
} from './checks';
import type { DoctorAws, DoctorSlack, MemberProbe, StackFacts } from './port';

export interface DoctorOptions {
  stack: string;
  region: string;
  /** The manifest to compare, and whether the user named it (the repository's copy holds placeholders). */
  manifest: { file: string; given: boolean };
  sendTest: boolean;
}

export interface DoctorDeps {
  aws: DoctorAws;
  slackFor(token: string): DoctorSlack;
  /** Runs as one of the stack's functions (which member accounts trust), given the sweeper's name. */
  memberProbe(sweeperFunction: string): MemberProbe;
  readFile(file: string): Promise<string>;
  /** Each line as soon as it is known, so a slow check does not hide the others. */
  report(check: Check): void;
}

/** The outputs doctor needs; an older stack without one fails the check that needs it. */
const OUTPUTS = ['SlackSecretArn', 'AlarmNotifierFunctionName', 'CostGuardFunctionName'] as const;

/** An error's message, with its cause's where the message alone says little ("fetch failed"). */
const errorText = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const why = cause ? ` (${(cause as { code?: string }).code ?? cause.message})` : '';
  return `${err.message}${why}`.slice(0, 300);
};

/**
 * Checks a deployment, read-only unless `sendTest`: the stack, its secret, Slack, the channels,
 * the manifest's URLs, the alarms rule and topics, the dead-letter queue and the member
 * accounts. Resolves to every check made, in order; each is reported as it is made.
 */
export async function runDoctor(options: DoctorOptions, deps: DoctorDeps): Promise<Check[]> {
  const checks: Check[] = [];
  const say = (c: Check) => {
    checks.push(c);
    deps.report(c);
  };
  const attempt = async (name: string, fn: () => Promise<Check | Check[] | undefined>) => {
    try {
      const result = await fn();
      for (const c of result === undefined ? [] : Array.isArray(result) ? result : [result]) say(c);
    } catch (err) {
      say({ name, status: 'fail', detail: `could not be checked: ${errorText(err)}` });
    }
  };

  let facts: StackFacts | undefined;
  try {
    facts = await deps.aws.stack(options.stack);
  } catch (err) {
    say({
      name: 'stack',
      status: 'fail',
      detail: `could not read the stack: ${errorText(err)}`,
      fix: 'check your credentials and region (aws sts get-caller-identity)',
    });
    return checks;
  }
  const stack = checkStack(options.stack, options.region, facts);
  say(stack.check);
  if (!stack.usable || !facts) return checks;
  const out = facts.outputs;
  const missing = OUTPUTS.filter((o) => !out[o]);
  if (missing.length) {
    say({
      name: 'outputs',
      status: 'fail',
      detail: `the stack has no ${missing.join(', ')} output`,
      fix: 'deploy the current template.yaml',
    });
    return checks;
  }

  const notifier = await deps.aws.functionConfig(out.AlarmNotifierFunctionName as string).catch(() => undefined);
  const costGuard = await deps.aws.functionConfig(out.CostGuardFunctionName as string).catch(() => undefined);
  if (!notifier || !costGuard)
    say({
      name: 'functions',
      status: 'fail',
      detail: 'the functions could not be read',
      fix: 'deploy the stack again',
    });

  let token: string | undefined;
  await attempt('secret', async () => {
    const secret = checkSecret(await deps.aws.secretString(out.SlackSecretArn as string), out.SlackSecretArn as string);
    token = secret.token;
    return secret.check;
  });

  if (!token) say(skipped('slack', 'not checked: the secret holds no usable bot token'));
  else {
    const slack = deps.slackFor(token);
    await attempt('slack', async () => {
      const auth = await slack.authTest();
      const lines = [checkAuth(auth)];
      if (!auth.ok) return lines;
      if (notifier && costGuard)
        for (const [channel, role] of channelsOf(notifier.env, costGuard.env))
          lines.push(checkChannel(channel, await slack.channelAccess(channel), auth.scopes, role));
      if (options.sendTest && notifier) lines.push(await sendTest(slack, notifier.env.SLACK_DEFAULT_CHANNEL ?? ''));
      return lines;
    });
  }

  await attempt('request URLs', async () => {
    const text = await deps.readFile(options.manifest.file);
    return checkManifest(manifestUrls(text), out.SlackRequestUrl, options.manifest.file, options.manifest.given);
  });

  await attempt('alarms rule', async () => {
    const rule = facts.resources.AllAlarmsRule;
    if (!rule)
      return skipped(
        'alarms rule',
        'none (AllAlarmsViaEventBridge=false): only alarms that publish to the alarms topic arrive',
      );
    return checkRule(await deps.aws.rule(rule), rule, out.AlarmsTopicArn ?? '');
  });

  if (notifier && costGuard)
    await attempt('topics', async () => {
      const lines: Check[] = [];
      const topics: Array<[string, string | undefined, string, string]> = [
        ['alarms topic', out.AlarmsTopicArn, notifier.arn, 'the alarm notifier'],
        ['cost-guard topic', out.CostGuardTopicArn, costGuard.arn, 'the cost guard'],
        ['spend topic', out.SpendTopicArn, costGuard.arn, 'the cost guard'],
      ];
      for (const [label, arn, fn, fnName] of topics) {
        if (!arn) {
          lines.push({
            name: label,
            status: 'fail',
            detail: 'no such output',
            fix: 'deploy the current template.yaml',
          });
          continue;
        }
        const subs = await deps.aws.subscriptions(arn);
        lines.push(checkTopic(label, subs, fn, fnName));
        const people = checkPeopleSubscriptions(`${label} email/SMS`, subs);
        if (people) lines.push(people);
      }
      if (out.OpsTopicArn) {
        const people = checkPeopleSubscriptions('ops topic email/SMS', await deps.aws.subscriptions(out.OpsTopicArn));
        if (people) lines.push(people);
      }
      return lines;
    });

  await attempt('dead-letter queue', async () =>
    out.DeadLetterQueueUrl
      ? checkQueue(await deps.aws.queueDepth(out.DeadLetterQueueUrl), out.DeadLetterQueueUrl, options.stack)
      : { name: 'dead-letter queue', status: 'fail', detail: 'no DeadLetterQueueUrl output' },
  );

  if (notifier) {
    const central = facts.id.split(':')[4] ?? '';
    const accounts = memberAccounts(notifier.env, central);
    const sweeper = facts.resources.SweeperFunction;
    if (accounts.size && !sweeper)
      say({
        name: 'member accounts',
        status: 'fail',
        detail: 'the stack has no SweeperFunction to ask',
        fix: 'deploy the current template.yaml',
      });
    else if (accounts.size && sweeper) {
      const probe = deps.memberProbe(sweeper);
      for (const [id, name] of accounts)
        await attempt(`account ${id}`, async () => checkMember(id, name, await probe.canRead(id)));
    }
  }
  return checks;
}

/** Posts a short message in the default channel and deletes it again. */
async function sendTest(slack: DoctorSlack, channel: string): Promise<Check> {
  const posted = await slack.postMessage(channel, 'Lamplighter doctor: a test message, deleted at once.');
  if (!posted.ok)
    return { name: 'test message', status: 'fail', detail: `could not post in ${channel}: ${posted.error}` };
  const deleted = await slack.deleteMessage(posted.channel, posted.ts);
  if (!deleted.ok)
    return {
      name: 'test message',
      status: 'fail',
      detail: `posted in ${channel}, but could not delete it: ${deleted.error}`,
      fix: 'delete it by hand',
    };
  return { name: 'test message', status: 'ok', detail: `posted in ${channel} and deleted` };
}
