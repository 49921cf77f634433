import type { SlackAnswer, StackFacts, Subscription } from './port';
import { plural } from '../../kernel/plural';

/** One line of the report: what was checked, what was found, and what to do when it is wrong. */
export interface Check {
  name: string;
  /** `skipped`: not checked, because something it needs failed or is absent; not a failure. */
  status: 'ok' | 'fail' | 'skipped';
  detail: string;
  fix?: string;
}

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail });
const fail = (name: string, detail: string, fix?: string): Check => ({
  name,
  status: 'fail',
  detail,
  ...(fix ? { fix } : {}),
});
export const skipped = (name: string, detail: string): Check => ({ name, status: 'skipped', detail });

/** The statuses of a stack that was deployed and is not changing. */
const COMPLETE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']);

const PLACEHOLDER = 'REPLACE_ME';

/** Whether the stack can be checked further, and the line that says so. */
export function checkStack(
  name: string,
  region: string,
  facts: StackFacts | undefined,
): { check: Check; usable: boolean } {
  const events = `aws cloudformation describe-stack-events --stack-name ${name} --region ${region}`;
  if (!facts)
    return {
      check: fail(
        'stack',
        `no stack named ${name} in ${region}`,
        'deploy it (sam build && sam deploy --guided), or give --stack NAME and --region R',
      ),
      usable: false,
    };
  const reason = facts.statusReason ? ` (${facts.statusReason.slice(0, 300)})` : '';
  const s = facts.status;
  if (COMPLETE.has(s)) return { check: ok('stack', `${name} is ${s}`), usable: true };
  if (s === 'ROLLBACK_COMPLETE' || s === 'ROLLBACK_FAILED' || s === 'CREATE_FAILED')
    return {
      check: fail(
        'stack',
        `${name} is ${s}: its first deploy failed and was rolled back${reason}`,
        `read why in ${events}, fix it, then sam delete --stack-name ${name} and deploy again`,
      ),
      usable: false,
    };
  if (s.endsWith('_IN_PROGRESS'))
    return { check: fail('stack', `${name} is ${s}`, 'wait for it to finish, then run doctor again'), usable: false };
  if (s.startsWith('DELETE_'))
    return { check: fail('stack', `${name} is ${s}`, 'deploy it again (sam deploy --guided)'), usable: false };
  // UPDATE_ROLLBACK_COMPLETE, UPDATE_FAILED…: the stack runs, but not what was last deployed.
  return {
    check: fail(
      'stack',
      `${name} is ${s}: the last update failed and was rolled back${reason}`,
      `read why in ${events}, fix it and deploy again (the previous version still runs)`,
    ),
    usable: true,
  };
}

/** The secret's JSON as the functions read it: `botToken` and `signingSecret`, neither the placeholder. */
export function checkSecret(raw: string, secretArn: string): { check: Check; token?: string } {
  const put = `aws secretsmanager put-secret-value --secret-id ${secretArn} --secret-string '{"botToken":"xoxb-…","signingSecret":"…"}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { check: fail('secret', 'the Slack secret is not JSON', put) };
  }
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const missing = ['botToken', 'signingSecret'].filter(
    (k) => typeof o[k] !== 'string' || !o[k] || o[k] === PLACEHOLDER,
  );
  if (missing.length)
    return {
      check: fail('secret', `the Slack secret has no ${missing.join(' and no ')} yet (or the placeholder)`, put),
    };
  const token = o.botToken as string;
  if (!token.startsWith('xoxb-'))
    return {
      check: fail(
        'secret',
        'botToken is not a bot token (xoxb-…)',
        `${put}  (OAuth & Permissions → Bot User OAuth Token)`,
      ),
    };
  return { check: ok('secret', 'the Slack secret has botToken and signingSecret'), token };
}

export function checkAuth(answer: SlackAnswer<{ team: string; user: string }>): Check {
  if (answer.ok) return ok('slack token', `Slack accepts the token: @${answer.user} in ${answer.team}`);
  const fix =
    answer.error === 'invalid_auth' || answer.error === 'token_revoked' || answer.error === 'account_inactive'
      ? "copy the app's Bot User OAuth Token (OAuth & Permissions) into the secret again; reinstall the app if it was removed"
      : 'check that Slack is reachable and try again';
  return fail('slack token', `Slack refuses the token: ${answer.error}`, fix);
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/** Whether the bot can post in a channel: a member, or `chat:write.public` for a public one. */
export function checkChannel(channel: string, answer: SlackAnswer, scopes: string[], role: string): Check {
  const name = `channel ${channel}`;
  const invite = `in Slack, open the channel and type /invite @Lamplighter`;
  if (!CHANNEL_ID.test(channel))
    return fail(name, `${role} is given by name; the bot's membership can only be checked by id`, 'give its id (C…)');
  if (answer.ok) return ok(name, `${role}: the bot is a member`);
  if (answer.error === 'not_in_channel')
    return scopes.includes('chat:write.public')
      ? ok(name, `${role}: public, posts through chat:write.public (invite the bot so it can read back its own posts)`)
      : fail(name, `${role}: the bot is not a member and lacks chat:write.public`, invite);
  if (answer.error === 'channel_not_found')
    return fail(
      name,
      `${role}: no such channel the bot can see (a private channel it is not in?)`,
      `${invite}, or fix the id`,
    );
  return fail(name, `${role}: Slack answered ${answer.error}`, "check the app is installed with the manifest's scopes");
}

/** The channels the functions post to: the default, the cost channel and every route's. */
export function channelsOf(notifierEnv: Record<string, string>, costEnv: Record<string, string>): Map<string, string> {
  const channels = new Map<string, string>();
  const add = (id: string | undefined, role: string) => {
    const c = id?.trim();
    if (c && !channels.has(c)) channels.set(c, role);
  };
  add(notifierEnv.SLACK_DEFAULT_CHANNEL, 'the default channel');
  add(costEnv.SLACK_COST_CHANNEL, 'the cost channel');
  for (const env of [notifierEnv, costEnv])
    for (const route of routes(env.LAMPLIGHTER_ROUTES))
      add(route.channel, route.name ? `route "${route.name.slice(0, 60)}"` : 'a route');
  return channels;
}

function routes(raw: string | undefined): Array<{ channel?: string; name?: string }> {
  if (!raw || raw.length > 4096) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.map((r: unknown) => {
      const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      return {
        ...(typeof o.channel === 'string' ? { channel: o.channel } : {}),
        ...(typeof o.name === 'string' ? { name: o.name } : {}),
      };
    });
  } catch {
    return [];
  }
}

/** The request URLs of a Slack app manifest: each slash command's `url` and interactivity's `request_url`. */
export function manifestUrls(text: string): string[] {
  return text
    .split('\n')
    .slice(0, 2000)
    .map((line) => /^\s*(?:url|request_url):\s*["']?(\S{1,3000}?)["']?\s*(?:#.*)?$/.exec(line.slice(0, 3100))?.[1])
    .filter((u): u is string => u !== undefined);
}

export function checkManifest(urls: string[], requestUrl: string | undefined, file: string, given: boolean): Check {
  const name = 'request URLs';
  if (!requestUrl) return fail(name, 'the stack has no SlackRequestUrl output', 'deploy the current template.yaml');
  if (urls.length === 0) return fail(name, `${file} has no request URLs`, 'give the manifest you created the app from');
  const placeholders = urls.filter((u) => u.includes('YOUR-API-ID'));
  if (placeholders.length && !given)
    return skipped(
      name,
      `${file} still holds the placeholders; pass your filled-in copy with --manifest FILE to compare it with ${requestUrl}`,
    );
  const wrong = urls.filter((u) => u !== requestUrl);
  if (wrong.length)
    return fail(
      name,
      `${wrong.length} of the ${urls.length} request URLs in ${file} are not ${requestUrl} (e.g. ${wrong[0]?.slice(0, 200)})`,
      `set every url and request_url to ${requestUrl}, and in the Slack app: Slash Commands and Interactivity & Shortcuts (or App Manifest)`,
    );
  return ok(name, `all ${urls.length} request URLs in ${file} are the stack's SlackRequestUrl`);
}

export function checkRule(
  rule: { state: string; targets: string[] } | undefined,
  name: string,
  topicArn: string,
): Check {
  const label = 'alarms rule';
  if (!rule) return fail(label, `the EventBridge rule ${name} does not exist`, 'deploy the stack again (sam deploy)');
  if (rule.state !== 'ENABLED') return fail(label, `${name} is ${rule.state}`, `aws events enable-rule --name ${name}`);
  if (!rule.targets.includes(topicArn))
    return fail(label, `${name} does not send to the alarms topic`, 'deploy the stack again (sam deploy)');
  return ok(label, `${name} sends every alarm state change to the alarms topic`);
}

/** A topic exists and the function it feeds is subscribed. */
export function checkTopic(label: string, subs: Subscription[] | undefined, functionArn: string, fn: string): Check {
  if (!subs) return fail(label, 'the topic does not exist', 'deploy the stack again (sam deploy)');
  if (!subs.some((s) => s.protocol === 'lambda' && s.endpoint === functionArn))
    return fail(label, `${fn} is not subscribed to it`, 'deploy the stack again (sam deploy)');
  return ok(label, `${fn} is subscribed`);
}

/** Email and SMS subscriptions (ops, every alarm) reach no one until they are confirmed. */
export function checkPeopleSubscriptions(label: string, subs: Subscription[] | undefined): Check | undefined {
  const people = (subs ?? []).filter((s) => s.protocol === 'email' || s.protocol === 'sms');
  if (people.length === 0) return undefined;
  const pending = people.filter((s) => !s.confirmed);
  if (pending.length)
    return fail(
      label,
      `${pending.map((s) => s.endpoint.slice(0, 100)).join(', ')}: subscription not confirmed`,
      'open the "AWS Notification - Subscription Confirmation" email and confirm',
    );
  return ok(label, `${plural(people.length, 'subscription')} confirmed`);
}

export function checkQueue(depth: number, queueUrl: string, stack: string): Check {
  if (depth === 0) return ok('dead-letter queue', 'empty');
  return fail(
    'dead-letter queue',
    `${plural(depth, 'event')} failed and ${depth === 1 ? 'waits' : 'wait'} there`,
    `fix the cause (the function's log group says it), then npx lamplighter redrive --stack ${stack} --queue ${queueUrl} (a dry run; add --yes to replay)`,
  );
}

/** The member accounts the functions know by name: every id of LAMPLIGHTER_ACCOUNTS but the central one. */
export function memberAccounts(env: Record<string, string>, centralAccount: string): Map<string, string> {
  const raw = env.LAMPLIGHTER_ACCOUNTS;
  const accounts = new Map<string, string>();
  if (!raw || raw.length > 4096) return accounts;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return accounts;
    for (const [id, name] of Object.entries(parsed))
      if (/^\d{12}$/.test(id) && id !== centralAccount) accounts.set(id, String(name).slice(0, 64));
  } catch {
    return accounts;
  }
  return accounts;
}

export function checkMember(id: string, name: string, result: { ok: true } | { ok: false; reason: string }): Check {
  const label = `account ${name} (${id})`;
  if (result.ok) return ok(label, 'Lamplighter may assume lamplighter-read there');
  return fail(
    label,
    `Lamplighter cannot assume lamplighter-read there: ${result.reason.slice(0, 300)}`,
    "deploy member.yaml in that account (the StackSet), with the central stack's role ARNs and the external id you chose",
  );
}
