import { randomUUID } from 'node:crypto';
import { incidentView } from '../alarms/notify';
import type { Logger } from '../../kernel/log';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { ackThreadNote, formatFiring, formatTrail, muteThreadNote, reply, unmuteThreadNote } from './messages';
import { formatAlarm, mentionUser } from '../alarms/format';
import { formatTimeOfDay, formatUtc, inlineCode } from '../../kernel/slack/format';
import { context, escapeMrkdwn } from '../../kernel/slack/text';
import { withSlackRetry } from '../../kernel/retry';
import type { SlackPort } from '../../kernel/slack/port';
import type {
  AuditStore,
  Incident,
  IncidentActions,
  IncidentStore,
  MuteStore,
  ReminderStore,
  SnapshotJobStore,
  SpendGroupStore,
} from '../../kernel/state';
import { formatUsd } from '../spend/money';
import { formatSnapshotPreview, formatSnapshotProgress, type SnapshotRequest } from '../snapshots/format';
import {
  ActionError,
  type AlarmInfo,
  type AlarmsPort,
  type Ec2Port,
  type ResourceChecker,
  type TrailPort,
} from './aws-ports';
import { parseArn } from '../../kernel/aws/arn';
import type { AlarmNotification, AlarmState } from '../alarms/parse';
import type { IncidentCommand } from './commands';
import { authorize, policyNamesGroups, type Action, type Requester, type RoleRule } from '../../kernel/access/roles';
import { memberOf } from '../../kernel/access/user-groups';

export interface ActionDeps {
  incidents: IncidentStore & IncidentActions;
  mutes: MuteStore;
  audit: AuditStore;
  snapshots: SnapshotJobStore;
  reminders: ReminderStore;
  spendInfo: Pick<SpendGroupStore, 'getSpendInfo'>;
  alarms: AlarmsPort;
  trail: TrailPort;
  ec2: Ec2Port;
  slack: SlackPort;
  roles?: RoleRule[];
  partition: string;
  region: string;
  now: () => Date;
  deadline: () => number;
  log: Logger;
}

export interface Who {
  user: string;
  channel: string;
}

/** The requester, with their user groups when the policy needs them. */
async function requester(who: Who, deps: ActionDeps): Promise<Requester> {
  if (!policyNamesGroups(deps.roles)) return who;
  const groups = (deps.roles ?? []).flatMap((r) => r.userGroups ?? []);
  return { ...who, userGroups: await memberOf(who.user, groups, deps.slack, deps.log) };
}

/** Every action leaves a structured record: in the bot's logs, and in DynamoDB. */
export async function audit(
  deps: Pick<ActionDeps, 'now' | 'log' | 'audit'>,
  who: Who,
  action: string,
  target: string,
  outcome: string,
  detail?: string,
): Promise<void> {
  const entry = {
    at: deps.now(),
    user: who.user,
    channel: who.channel,
    action,
    target,
    outcome,
    ...(detail ? { detail } : {}),
  };
  deps.log.info('audit', { ...entry, at: entry.at.toISOString() });
  try {
    await deps.audit.recordAudit(entry);
  } catch (err) {
    deps.log.error('could not write the audit record to DynamoDB (it is in this log)', { error: err });
  }
}

const ARN = /^arn:[^:]+:cloudwatch:/;

interface ResolvedAlarm {
  key: string;
  name: string;
  /** CloudWatch's description, when resolving needed it anyway (a name, not an ARN). */
  info?: AlarmInfo;
}

/** An alarm named by a person (or an ARN from our own button) → its incident key and name. */
async function resolveAlarm(target: string, deps: ActionDeps): Promise<ResolvedAlarm | undefined> {
  if (ARN.test(target)) return { key: target, name: target.split(':alarm:')[1] ?? target };
  const found = await deps.alarms.find(target);
  return found ? { key: found.arn, name: found.name, info: found } : undefined;
}

/** Redraws the incident's message (acknowledged, muted…) and adds a note to its thread. */
export async function redraw(
  incident: Incident,
  note: SlackMessage,
  deps: Pick<ActionDeps, 'mutes' | 'slack' | 'now' | 'deadline'>,
): Promise<void> {
  const budget = { deadline: deps.deadline };
  if (incident.alarm) {
    const mute = await deps.mutes.getMute(incident.key);
    const message = formatAlarm({
      alarm: incident.alarm,
      incident: incidentView(incident, mute, deps.now()),
      logs: incident.logs,
    });
    await withSlackRetry(() => deps.slack.updateMessage(incident.channel, incident.ts, message), budget);
  }
  await withSlackRetry(() => deps.slack.postMessage(incident.channel, note, incident.ts), budget);
}

function refused(message: string): SlackMessage {
  return reply(`:no_entry: ${message}`);
}

/** Runs one incident command for `who`, permission first. Returns the caller's (ephemeral) answer. */
export async function runIncidentCommand(cmd: IncidentCommand, who: Who, deps: ActionDeps): Promise<SlackMessage> {
  // The alarm is looked up once. A lookup that failed is reported by the action itself, after the
  // permission check; the check goes on without it.
  const resolving = 'alarm' in cmd ? resolveAlarm(cmd.alarm, deps) : Promise.resolve(undefined);
  const alarm = await resolving.catch(() => undefined);
  let action: Action = cmd.kind === 'mute' && cmd.actions ? 'mute-actions' : cmd.kind;
  if (cmd.kind === 'mute' && !cmd.actions && alarm) {
    // Changing a mute that keeps the alarm's actions off is an operator's call too.
    const existing = await deps.mutes.getMute(alarm.key);
    if (existing?.actionsDisabled && existing.until > deps.now()) action = 'mute-actions';
  }
  // Roles are checked against the incident's own channel, so a role granted in #team-sandbox does
  // not reach an incident posted in #prod-alerts.
  const incident = alarm ? await deps.incidents.get(alarm.key).catch(() => undefined) : undefined;
  const decision = authorize(
    deps.roles,
    await requester({ ...who, channel: incident?.channel ?? who.channel }, deps),
    action,
  );
  if (!decision.allowed) {
    const target = 'alarm' in cmd ? cmd.alarm : 'target' in cmd ? cmd.target : cmd.filter;
    await audit(deps, who, action, target, 'refused', decision.role);
    return refused(decision.message);
  }
  try {
    switch (cmd.kind) {
      case 'ack':
        return await acknowledge(cmd.alarm, await resolving, who, deps);
      case 'mute':
        return await mute(cmd.alarm, await resolving, cmd.durationMs, cmd.actions, who, deps);
      case 'unmute':
        return await unmute(cmd.alarm, await resolving, who, deps);
      case 'alarms':
        return await firing(cmd.filter, who, deps);
      case 'trail':
        return await trail(cmd, who, deps);
      case 'snapshot':
        return await previewSnapshot(cmd.target, cmd.reason, who, deps);
    }
  } catch (err) {
    if (err instanceof ActionError) {
      await audit(deps, who, action, cmd.kind, 'failed', err.message);
      return reply(`:warning: ${escapeMrkdwn(err.message)}`);
    }
    throw err;
  }
}

async function acknowledge(
  target: string,
  alarm: ResolvedAlarm | undefined,
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  if (!alarm) {
    await audit(deps, who, 'ack', target, 'unknown alarm');
    return reply(`No alarm named ${inlineCode(target)} in ${inlineCode(deps.region)}.`);
  }
  const at = deps.now();
  const result = await deps.incidents.acknowledge(alarm.key, who.user, at);
  await audit(deps, who, 'ack', alarm.name, result.status);
  switch (result.status) {
    case 'acknowledged':
      await redraw(result.incident, ackThreadNote(who.user, at), deps);
      return reply(
        `:white_check_mark: You acknowledged ${inlineCode(alarm.name)}. Repeats stay in its thread; OK closes it.`,
      );
    case 'already':
      return reply(
        `${inlineCode(alarm.name)} was already acknowledged by ${mentionUser(result.by)} at ${formatTimeOfDay(result.at)}.`,
      );
    case 'resolved':
      return reply(`${inlineCode(alarm.name)} has no open incident: it is resolved.`);
    case 'unknown':
      return reply(`Lamplighter has no incident for ${inlineCode(alarm.name)}: it has not posted an ALARM for it.`);
  }
}

async function mute(
  target: string,
  resolved: ResolvedAlarm | undefined,
  durationMs: number,
  actions: boolean,
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  // Muting needs CloudWatch's view (are its actions on?): a button's ARN has not asked yet.
  const alarm = resolved && (resolved.info ?? (await deps.alarms.find(resolved.name)));
  if (!alarm) {
    await audit(deps, who, 'mute', target, 'unknown alarm');
    return reply(`No alarm named ${inlineCode(target)} in ${inlineCode(deps.region)}.`);
  }
  const until = new Date(deps.now().getTime() + durationMs);
  const previous = await deps.mutes.getMute(alarm.arn);
  // Only actions that are on now are ours to turn off (and later back on).
  const disabling = actions && alarm.actionsEnabled;
  const keepsDisabled = Boolean(previous?.actionsDisabled);
  // Record the mute before touching CloudWatch: if disabling succeeds and we then failed, the
  // sweeper would never know to turn the actions back on.
  const record = {
    alarmKey: alarm.arn,
    alarmName: alarm.name,
    region: alarm.region,
    until,
    by: who.user,
    actionsDisabled: disabling || keepsDisabled,
  };
  await deps.mutes.putMute(record);
  if (disabling) {
    try {
      await deps.alarms.disableActions(alarm.name);
    } catch (err) {
      await deps.mutes.putMute({ ...record, actionsDisabled: keepsDisabled });
      throw err;
    }
  }
  if (actions && !alarm.actionsEnabled && !keepsDisabled) {
    await audit(deps, who, 'mute-actions', alarm.name, 'muted', 'actions were already off; left as they were');
  }
  await audit(deps, who, actions ? 'mute-actions' : 'mute', alarm.name, 'muted', `until ${until.toISOString()}`);
  const incident = await deps.incidents.get(alarm.arn);
  if (incident) await redraw(incident, muteThreadNote(who.user, until, actions), deps);
  const actionsNote =
    disabling || keepsDisabled
      ? ', and its CloudWatch actions are disabled until then'
      : actions
        ? '; its CloudWatch actions were already off and stay as they were'
        : '';
  return reply(
    `:mute: ${inlineCode(alarm.name)} is muted until ${formatUtc(until)}${actionsNote}. ${inlineCode(`/unmute ${alarm.name}`)} ends it sooner.`,
  );
}

async function unmute(
  target: string,
  alarm: ResolvedAlarm | undefined,
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  const existing = alarm ? await deps.mutes.getMute(alarm.key) : undefined;
  if (!alarm || !existing) {
    await audit(deps, who, 'unmute', target, 'not muted');
    return reply(`${inlineCode(target)} is not muted.`);
  }
  if (existing.actionsDisabled) await deps.alarms.enableActions(existing.alarmName);
  await deps.mutes.deleteMute(alarm.key);
  await audit(deps, who, 'unmute', alarm.name, 'unmuted');
  const incident = await deps.incidents.get(alarm.key);
  if (incident) await redraw(incident, unmuteThreadNote(who.user, existing.actionsDisabled), deps);
  try {
    await catchUp(alarm.key, alarm.name, deps);
  } catch (err) {
    deps.log.warn('could not catch up with the alarm after unmuting', { alarm: alarm.name, error: err });
  }
  return reply(
    `:loud_sound: ${inlineCode(alarm.name)} is no longer muted${existing.actionsDisabled ? '; its CloudWatch actions are enabled again' : ''}.`,
  );
}

async function firing(filter: string, who: Who, deps: ActionDeps): Promise<SlackMessage> {
  const all = await deps.alarms.firing();
  const matched = all.filter((a) => a.name.toLowerCase().includes(filter.toLowerCase()));
  const now = deps.now();
  const list = [];
  for (const alarm of matched) {
    const [incident, m] = await Promise.all([deps.incidents.get(alarm.arn), deps.mutes.getMute(alarm.arn)]);
    list.push({
      alarm,
      ackBy: incident?.state === 'ALARM' ? incident.ackBy : undefined,
      mutedUntil: m && m.until > now ? m.until : undefined,
    });
  }
  await audit(deps, who, 'alarms', filter || '*', `${list.length} listed`);
  return formatFiring(list, filter, deps.partition);
}

async function trail(
  cmd: Extract<IncidentCommand, { kind: 'trail' }>,
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  const lookup = (attribute: 'ResourceName' | 'Username') =>
    deps.trail.lookup({ attribute, value: cmd.target, start: cmd.start, end: cmd.end, max: 100 });
  let by = cmd.by;
  let events = (await lookup(by)).filter((e) => !e.readOnly);
  if (events.length === 0 && by === 'ResourceName') {
    // "who did X" may name a user rather than a resource.
    by = 'Username';
    events = (await lookup(by)).filter((e) => !e.readOnly);
  }
  events.sort((a, b) => b.time.getTime() - a.time.getTime());
  await audit(deps, who, 'trail', cmd.target, `${events.length} events`);
  return formatTrail(
    cmd.target,
    by === 'Username' && cmd.by === 'ResourceName' && events.length ? 'Username' : cmd.by,
    cmd.since,
    events,
    deps.region,
  );
}

/** "Expected" on a spend warning: one person wins; the message and its thread say who. */
export async function markSpendExpected(
  args: { eventId: string; channel: string; messageTs?: string; attachments?: unknown },
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  const decision = authorize(deps.roles, await requester(who, deps), 'ack');
  if (!decision.allowed) {
    await audit(deps, who, 'expected', args.eventId, 'refused', decision.role);
    return refused(decision.message);
  }
  const at = deps.now();
  const result = await deps.incidents.claim(`expected:${args.eventId}`, who.user, at);
  await audit(deps, who, 'expected', args.eventId, result.status);
  if (result.status === 'already')
    return reply(`Already marked expected by ${mentionUser(result.by)} at ${formatTimeOfDay(result.at)}.`);
  if (args.messageTs) {
    const budget = { deadline: deps.deadline };
    const note = `:white_check_mark: Expected: acknowledged by ${mentionUser(who.user)} at ${formatTimeOfDay(at)}`;
    const attachments = Array.isArray(args.attachments)
      ? (args.attachments as Array<{ color?: string; blocks?: Block[] }>)
      : undefined;
    if (attachments?.[0]?.blocks) {
      // Our own message, as Slack returned it with the click: the buttons give way to who acknowledged.
      const blocks = attachments[0].blocks.filter((b) => b.type !== 'actions').concat(context(note));
      const first = attachments[0];
      await withSlackRetry(
        () =>
          deps.slack.updateMessage(args.channel, args.messageTs!, {
            text: note,
            attachments: [{ color: first.color ?? '#4A90D9', blocks }],
          }),
        budget,
      );
    }
    await withSlackRetry(() => deps.slack.postMessage(args.channel, reply(note), args.messageTs), budget);
  }
  return reply(':white_check_mark: Marked as expected.');
}

/** `/snapshot TARGET`: shows what would be snapshotted, with a confirm step; creates nothing yet. */
async function previewSnapshot(target: string, reason: string, who: Who, deps: ActionDeps): Promise<SlackMessage> {
  const plan = await deps.ec2.plan(target);
  if (!plan) {
    await audit(deps, who, 'snapshot', target, 'unknown target');
    return reply(
      `Nothing to snapshot: no volume, instance or Name tag ${inlineCode(target)} in ${inlineCode(deps.region)}.`,
    );
  }
  if (plan.volumes.length === 0) return reply(`${inlineCode(target)} has no EBS volumes attached.`);
  if (plan.volumes.length > 30)
    return reply(
      `${inlineCode(target)} has ${plan.volumes.length} volumes: more than one confirmation can carry. Snapshot them by volume id.`,
    );
  await audit(deps, who, 'snapshot', target, 'previewed', plan.volumes.map((v) => v.id).join(','));
  return formatSnapshotPreview(plan, reason, randomUUID());
}

function parseRequest(raw: string): SnapshotRequest | undefined {
  try {
    const r = JSON.parse(raw) as Partial<SnapshotRequest>;
    if (
      typeof r.target !== 'string' ||
      !Array.isArray(r.volumes) ||
      !r.volumes.every((v) => typeof v === 'string' && /^vol-[0-9a-f]+$/.test(v))
    )
      return undefined;
    if (r.instanceId !== undefined && !/^i-[0-9a-f]+$/.test(r.instanceId)) return undefined;
    return {
      target: r.target,
      volumes: r.volumes,
      reason: typeof r.reason === 'string' ? r.reason : '',
      ...(r.instanceId ? { instanceId: r.instanceId } : {}),
      ...(typeof r.id === 'string' ? { id: r.id } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The confirm click: checked again (a click is a request like any other), then the snapshots are
 * created, tagged with who asked, why, and that Lamplighter made them, and a channel message
 * follows their progress (the sweeper keeps it up to date).
 */
export async function confirmSnapshot(rawRequest: string, who: Who, deps: ActionDeps): Promise<SlackMessage> {
  const decision = authorize(deps.roles, await requester(who, deps), 'snapshot');
  if (!decision.allowed) {
    await audit(deps, who, 'snapshot', 'confirm', 'refused', decision.role);
    return refused(decision.message);
  }
  const request = parseRequest(rawRequest);
  if (!request || request.volumes.length === 0 || !request.id)
    return reply(':warning: That confirmation does not describe any volumes; run `/snapshot` again.');
  // A double click, or a repeated delivery, must not snapshot twice.
  const claimed = await deps.incidents.claim(`snapshot:${request.id}`, who.user, deps.now());
  if (claimed.status === 'already')
    return reply(
      `That snapshot was already confirmed by ${mentionUser(claimed.by)} at ${formatTimeOfDay(claimed.at)}.`,
    );
  try {
    if (request.instanceId && request.volumes.length > 1) {
      // CreateSnapshots takes every volume of the instance: it must still be what was shown.
      const now = await deps.ec2.plan(request.instanceId);
      const same =
        now &&
        now.volumes
          .map((v) => v.id)
          .sort()
          .join() === [...request.volumes].sort().join();
      if (!same)
        return reply(
          `:warning: The volumes of ${inlineCode(request.instanceId)} changed since the preview; nothing was created. Run \`/snapshot\` again.`,
        );
    }
    const ids = await deps.ec2.createSnapshots(
      {
        target: request.target,
        ...(request.instanceId ? { instanceId: request.instanceId } : {}),
        volumes: request.volumes.map((id) => ({ id, sizeGb: 0 })),
      },
      {
        CreatedBy: 'Lamplighter',
        RequestedBy: who.user,
        Reason: request.reason || '(none given)',
        Name: `lamplighter-${request.target}`.slice(0, 255),
      },
    );
    // Audited the moment they exist, whatever happens to the messages after.
    await audit(deps, who, 'snapshot', request.instanceId ?? request.target, 'created', ids.join(','));
    const statuses = await deps.ec2.snapshotStatus(ids);
    const started = `:camera: Started ${ids.length} snapshot${ids.length === 1 ? '' : 's'}: ${ids.map(inlineCode).join(', ')}.`;
    let posted: { channel: string; ts: string };
    try {
      posted = await withSlackRetry(
        () => deps.slack.postMessage(who.channel, formatSnapshotProgress(request, who.user, statuses, deps.region)),
        { deadline: deps.deadline },
      );
    } catch (err) {
      // A DM or a private channel the bot is not in: the answer itself carries the ids.
      deps.log.warn('could not post the snapshot progress in the channel', { channel: who.channel, error: err });
      return reply(`${started} Lamplighter cannot post in this channel, so follow them in the EC2 console.`);
    }
    if (!statuses.every((st) => st.state === 'completed')) {
      await deps.snapshots.putSnapshotJob({
        id: `${posted.channel}:${posted.ts}`,
        channel: posted.channel,
        ts: posted.ts,
        user: who.user,
        snapshotIds: ids,
        request,
      });
    }
    return reply(`${started} Progress is in the channel.`);
  } catch (err) {
    if (err instanceof ActionError) {
      await audit(deps, who, 'snapshot', request.instanceId ?? request.target, 'failed', err.message);
      return reply(`:warning: ${escapeMrkdwn(err.message)}`);
    }
    throw err;
  }
}

export async function cancelSnapshot(target: string, who: Who, deps: ActionDeps): Promise<SlackMessage> {
  await audit(deps, who, 'snapshot', target, 'cancelled');
  return reply(`Cancelled: nothing of ${inlineCode(target)} was snapshotted.`);
}

/** The sweeper's part: redraw each snapshot message until every snapshot is done. */
export async function followSnapshots(
  deps: Pick<ActionDeps, 'snapshots' | 'ec2' | 'slack' | 'region' | 'deadline' | 'log'>,
): Promise<number> {
  let finished = 0;
  for (const job of await deps.snapshots.listSnapshotJobs()) {
    try {
      const statuses = await deps.ec2.snapshotStatus(job.snapshotIds);
      await withSlackRetry(
        () =>
          deps.slack.updateMessage(
            job.channel,
            job.ts,
            formatSnapshotProgress(job.request, job.user, statuses, deps.region),
          ),
        { deadline: deps.deadline },
      );
      if (statuses.every((s) => s.state === 'completed' || s.state === 'error') && statuses.length) {
        await deps.snapshots.deleteSnapshotJob(job.id);
        finished++;
      }
    } catch (err) {
      deps.log.error('could not follow snapshots; the next pass retries', { job: job.id, error: err });
    }
  }
  return finished;
}

const DAY_MS = 24 * 3600_000;

/** "Remind me in 24h": the sweeper checks the resource then, in the warning's thread. */
export async function setSpendReminder(
  args: { reminder: string; channel: string; messageTs?: string },
  who: Who,
  deps: ActionDeps,
): Promise<SlackMessage> {
  const decision = authorize(deps.roles, await requester(who, deps), 'ack');
  if (!decision.allowed) {
    await audit(deps, who, 'remind', 'spend', 'refused', decision.role);
    return refused(decision.message);
  }
  // The button carries only the event id; what to check is what the cost guard recorded.
  const reminder = await deps.spendInfo.getSpendInfo(args.reminder);
  if (!reminder || !args.messageTs)
    return reply(':warning: Lamplighter no longer has the details of that warning; nothing was set.');
  const dueAt = new Date(deps.now().getTime() + DAY_MS);
  await deps.reminders.putReminder({ dueAt, channel: args.channel, ts: args.messageTs, user: who.user, reminder });
  await audit(deps, who, 'remind', reminder.resourceId ?? reminder.eventId, 'set', dueAt.toISOString());
  return reply(
    `:alarm_clock: I will check on ${escapeMrkdwn(reminder.resourceKind)}${reminder.resourceId ? ` ${inlineCode(reminder.resourceId)}` : ''} at ${formatUtc(dueAt)}, in the warning's thread.`,
  );
}

/** The sweeper's part: due reminders say whether the resource is still there, and what it has cost. */
export async function sendDueReminders(
  deps: Pick<ActionDeps, 'reminders' | 'slack' | 'deadline' | 'log' | 'now'> & { resources: ResourceChecker },
): Promise<number> {
  let sent = 0;
  const now = deps.now();
  for (const r of await deps.reminders.dueReminders(now)) {
    try {
      const { reminder } = r;
      const what = `${escapeMrkdwn(reminder.resourceKind)}${reminder.resourceId ? ` ${inlineCode(reminder.resourceId)}` : ''}`;
      let exists: boolean | undefined;
      try {
        exists =
          reminder.resourceId && reminder.region
            ? await deps.resources.exists(reminder.service, reminder.region, reminder.resourceId)
            : undefined;
      } catch (err) {
        // Access denied, an unknown region…: say "cannot check" rather than retry forever.
        deps.log.warn('could not check whether the resource exists', { eventId: reminder.eventId, error: err });
      }
      const created = reminder.createdAt ? new Date(reminder.createdAt).getTime() : NaN;
      const hours = Number.isFinite(created) ? Math.max(0, (now.getTime() - created) / 3600_000) : 24;
      const cost =
        reminder.hourly !== undefined
          ? ` At ${formatUsd(reminder.hourly)}/hour it has cost about ${formatUsd(reminder.hourly * hours)} over ${Math.round(hours)} h.`
          : '';
      const text =
        exists === false
          ? `:alarm_clock: ${mentionUser(r.user)} ${what} is gone.${reminder.hourly !== undefined ? ' It no longer costs anything.' : ''}`
          : exists === true
            ? `:alarm_clock: ${mentionUser(r.user)} ${what} still exists.${cost}`
            : `:alarm_clock: ${mentionUser(r.user)} a reminder about ${what}: Lamplighter cannot check whether it still exists.${cost ? ` If it does:${cost}` : ''}`;
      await withSlackRetry(() => deps.slack.postMessage(r.channel, reply(text), r.ts), { deadline: deps.deadline });
      await deps.reminders.deleteReminder(r);
      sent++;
    } catch (err) {
      deps.log.error('could not send a reminder; the next pass retries', { eventId: r.reminder.eventId, error: err });
    }
  }
  return sent;
}

const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

/** The alarm as CloudWatch shows it now, drawn like a notification (from the last one when there is one). */
function alarmFromLive(live: AlarmInfo, previous: AlarmNotification | undefined, state: AlarmState): AlarmNotification {
  const arn = parseArn(live.arn);
  const base: AlarmNotification = previous ?? {
    kind: 'unspecified',
    alarmName: live.name,
    alarmArn: live.arn,
    accountId: arn?.accountId ?? 'unknown',
    partition: arn?.partition ?? 'aws',
    region: live.region,
    state,
    reason: '',
  };
  return {
    ...base,
    state,
    reason: live.reason,
    ...(live.since ? { stateChangeTime: live.since } : {}),
    ...(previous ? { previousState: previous.state } : {}),
  };
}

/**
 * After a mute ends, brings Slack up to date with what CloudWatch says now: with the alarm's
 * actions off Lamplighter heard nothing, and while muted a new ALARM was only noted quietly.
 * Posts a message for an alarm that is firing with nothing open; otherwise redraws the incident.
 */
export async function catchUp(
  key: string,
  name: string,
  deps: Pick<ActionDeps, 'alarms' | 'mutes' | 'slack' | 'now' | 'deadline' | 'log'> & {
    incidents: IncidentStore;
    defaultChannel?: string;
  },
): Promise<void> {
  const live = await deps.alarms.find(name);
  const state = STATES.find((s) => s === live?.state);
  if (!live || !state) return;
  const now = deps.now();
  const incident = await deps.incidents.get(key);
  const alarm = alarmFromLive(live, incident?.alarm, state);
  const budget = { deadline: deps.deadline };
  if (!incident || incident.state === 'OK') {
    if (state !== 'ALARM') return;
    const channel = incident?.channel ?? deps.defaultChannel;
    if (!channel) {
      deps.log.warn('an alarm fired while muted, and there is no channel to post it in', { alarm: name });
      return;
    }
    const since = live.since ?? now;
    const opened = {
      key,
      accountId: alarm.accountId,
      ...(alarm.region ? { region: alarm.region } : {}),
      alarmName: name,
      state,
      stateChangedAt: since,
      openedAt: since,
      transitions: 1,
      flaps: 0,
      wasAlarming: true,
      alarm,
      version: (incident?.version ?? 0) + 1,
    };
    const posted = await withSlackRetry(
      () =>
        deps.slack.postMessage(channel, formatAlarm({ alarm, incident: incidentView({ ...opened, channel, ts: '' }) })),
      budget,
    );
    await deps.incidents.put({ ...opened, channel: posted.channel, ts: posted.ts });
    return;
  }
  if (incident.state === state) return;
  const updated: Incident = {
    ...incident,
    state,
    stateChangedAt: live.since ?? now,
    transitions: incident.transitions + 1,
    wasAlarming: incident.wasAlarming || state === 'ALARM',
    resolvedAt: state === 'OK' ? (live.since ?? now) : undefined,
    ackBy: state === 'OK' ? undefined : incident.ackBy,
    ackAt: state === 'OK' ? undefined : incident.ackAt,
    escalatedAt: state === 'OK' ? undefined : incident.escalatedAt,
    alarm,
    version: incident.version + 1,
  };
  await deps.incidents.put(updated);
  await redraw(
    updated,
    reply(
      `:arrows_counterclockwise: Caught up after the mute: CloudWatch says ${state}${live.since ? ` since ${formatUtc(live.since)}` : ''}.`,
    ),
    deps,
  );
}
