import { readFile } from 'node:fs/promises';
import { createDoctorAws, createMemberProbe } from '../adapters/aws/doctor-aws';
import { createDoctorSlack } from '../adapters/slack/doctor-slack';
import { formatCheck, formatSummary } from '../features/doctor/format';
import { runDoctor, type DoctorDeps, type DoctorOptions } from '../features/doctor/run';

export const DOCTOR_USAGE = `usage: lamplighter doctor [--stack NAME] [--region R] [--manifest FILE] [--send-test]

  Checks a deployment with your AWS credentials and says, one line per check, what is right (✓)
  and what to do about what is not (✗): the stack is complete; the Slack secret holds botToken
  and signingSecret; Slack accepts the token; the bot can post in the default, cost and routed
  channels; the manifest's request URLs are the stack's SlackRequestUrl; the alarms rule, the
  topics and their subscriptions exist; the dead-letter queue is empty; member accounts named in
  AccountNamesJson let Lamplighter assume lamplighter-read. Exits 1 when a check fails.

  --stack NAME     the stack (default: lamplighter)
  --region R       its region (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --manifest FILE  the Slack app manifest you created the app from (default: manifest.yaml)
  --send-test      also post a test message in the default channel, and delete it

  Read-only without --send-test. Needs cloudformation:DescribeStacks and ListStackResources,
  secretsmanager:GetSecretValue on the Slack secret, lambda:GetFunctionConfiguration, events:
  DescribeRule and ListTargetsByRule, sns:GetTopicAttributes and ListSubscriptionsByTopic,
  sqs:GetQueueAttributes, and lambda:InvokeFunction on the sweeper for member accounts (it
  only tries to assume lamplighter-read there: their roles trust Lamplighter's functions, not you).`;

/** Every option doctor takes, and whether it takes a value: docs/deploy.md's commands are checked against it. */
export const DOCTOR_OPTIONS: Record<string, boolean> = {
  '--stack': true,
  '--region': true,
  '--manifest': true,
  '--send-test': false,
};

export function parseDoctorArgs(
  args: string[],
  env: NodeJS.ProcessEnv,
): { ok: true; options: DoctorOptions } | { ok: false; error: string } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!(name in DOCTOR_OPTIONS)) return { ok: false, error: `unknown option ${arg.slice(0, 60)}` };
    if (!DOCTOR_OPTIONS[name]) {
      flags.add(name);
      continue;
    }
    const value = inline ?? args[++i];
    if (!value || value.startsWith('--')) return { ok: false, error: `${name} needs a value` };
    values[name] = value;
  }
  const region = values['--region'] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) return { ok: false, error: 'no region: give --region R (or set AWS_REGION)' };
  const stack = values['--stack'] ?? 'lamplighter';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stack))
    return { ok: false, error: `${stack.slice(0, 60)} is not a stack name` };
  return {
    ok: true,
    options: {
      stack,
      region,
      manifest: { file: values['--manifest'] ?? 'manifest.yaml', given: '--manifest' in values },
      sendTest: flags.has('--send-test'),
    },
  };
}

/** `lamplighter doctor`: resolves to the exit code (1 when a check failed, 2 for bad usage). */
export async function doctorCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
  deps?: Partial<DoctorDeps>,
): Promise<number> {
  const parsed = parseDoctorArgs(args, env);
  if (!parsed.ok) {
    io.stderr(`lamplighter doctor: ${parsed.error}\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const { options } = parsed;
  io.stdout(`Lamplighter doctor: stack ${options.stack} in ${options.region}\n`);
  const checks = await runDoctor(options, {
    aws: deps?.aws ?? createDoctorAws(options.region),
    slackFor: deps?.slackFor ?? ((token) => createDoctorSlack(token, env.SLACK_API_URL || undefined)),
    memberProbe: deps?.memberProbe ?? ((fn) => createMemberProbe(fn, options.region)),
    readFile: deps?.readFile ?? ((file) => readFile(file, 'utf8')),
    report: (check) => io.stdout(formatCheck(check) + '\n'),
  });
  io.stdout(formatSummary(checks) + '\n');
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
