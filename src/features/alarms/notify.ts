import { alarmKey, type AlarmNotification, type MetricRef } from './parse';
import { classify, genericFor, type Delivery, type GenericNotification } from '../../kernel/envelopes/sns';
import { packTs, runOnce, unpackTs, type Step } from '../../kernel/delivery/run-once';
import { errorMessage, SlackDeliveryError } from '../../kernel/errors';
import type { Logger } from '../../kernel/log';
import { formatAlarm, formatTransition, type IncidentView } from './format';
import { formatGeneric, genericBodyFits } from '../generic/format';
import type { RetryBudget } from '../../kernel/retry';
import { routeChannel, type RouteRule } from '../../kernel/routing';
import type { SlackPort } from '../../kernel/slack/port';
import type { DeliveryJournal, Incident, IncidentStore, Mute, MuteStore } from '../../kernel/state';
import type { LogExcerpt, LogExcerptSource } from './log-excerpt';
import { metricWidgetFor, type MetricGraphSource } from './metric-widget';

export interface NotifierDeps {
  slack: SlackPort;
  incidents: IncidentStore;
  journal: DeliveryJournal;
  /** Absent: nothing is ever muted. */
  mutes?: MuteStore;
  /** Absent when log lines are switched off. */
  logs?: LogExcerptSource;
  /** Absent when graphs are switched off. */
  graphs?: MetricGraphSource;
  routes: readonly RouteRule[];
  defaultChannel: string;
  flapWindowMs: number;
  logLines: number;
  now: () => Date;
  log: Logger;
}

export type Plan = 'open' | 'update' | 'reopen' | 'late' | 'quiet';

export interface Outcome {
  messageId: string;
  action: Plan | 'generic' | 'duplicate';
  channel?: string;
  ts?: string;
}

/**
 * What a state change does to the incident's message:
 * - `open` a new message: an ALARM with no incident in ALARM (a new message notifies people; an
 *   update does not), or INSUFFICIENT_DATA when nothing is open (the metric stopped reporting);
 * - `update` it in place with a thread reply: any change to an open incident;
 * - `reopen` it: an ALARM soon after it cleared (flapping stays in its thread);
 * - `late`: a change older than the one shown, only noted in the thread;
 * - `quiet`: an OK with nothing open (e.g. a new alarm settling), which posts nothing.
 */
export function planTransition(
  incident: Incident | undefined,
  alarm: AlarmNotification,
  now: Date,
  flapWindowMs: number,
): Plan {
  if (!incident) return alarm.state === 'OK' ? 'quiet' : 'open';
  if (alarm.stateChangeTime && incident.stateChangedAt && alarm.stateChangeTime < incident.stateChangedAt)
    return 'late';
  const quietSince = incident.resolvedAt ?? incident.stateChangedAt;
  const recent = quietSince !== undefined && now.getTime() - quietSince.getTime() <= flapWindowMs;
  switch (alarm.state) {
    case 'ALARM':
      if (incident.state === 'ALARM') return 'update';
      // Acknowledged and not yet resolved: still the same incident, however long the grey spell.
      if (incident.ackBy && incident.state !== 'OK') return 'reopen';
      return incident.wasAlarming && recent ? 'reopen' : 'open';
    case 'INSUFFICIENT_DATA':
      return incident.state === 'OK' && !recent ? 'open' : 'update';
    case 'OK':
      return 'update';
  }
}

export function incidentView(incident: Incident, mute?: Mute, now: Date = new Date()): IncidentView {
  return {
    openedAt: incident.openedAt,
    transitions: incident.transitions,
    flaps: incident.flaps,
    wasAlarming: incident.wasAlarming,
    ...(incident.ackBy ? { ackBy: incident.ackBy, ackAt: incident.ackAt } : {}),
    ...(mute && mute.until > now ? { mutedUntil: mute.until, mutedBy: mute.by } : {}),
  };
}

/** The metric whose filter may explain the alarm: the plain metric, or the first metric of the math. */
function logMetricOf(alarm: AlarmNotification): MetricRef | undefined {
  return alarm.condition?.metric ?? alarm.condition?.queries.find((q) => q.metric)?.metric;
}

function evaluationWindow(alarm: AlarmNotification, now: Date): { start: Date; end: Date } {
  const end = alarm.stateChangeTime ?? now;
  const period = alarm.condition?.period ?? logMetricOf(alarm)?.period ?? 300;
  const periods = (alarm.condition?.evaluationPeriods ?? 1) + 1;
  return { start: new Date(end.getTime() - period * periods * 1000), end };
}

/** Handles one SNS delivery end to end: classify, route, post or update, journaled so a redelivery posts nothing twice. */
export async function notify(delivery: Delivery, deps: NotifierDeps, budget: RetryBudget): Promise<Outcome> {
  const outcome = await runOnce(delivery.messageId, deps, budget, (step) => {
    const notification = classify(delivery);
    return notification.kind === 'alarm'
      ? notifyAlarm(notification.alarm, delivery, deps, step)
      : notifyGeneric(
          notification.kind === 'generic' ? notification.generic : genericFor(delivery),
          delivery,
          deps,
          step,
        );
  });
  if (outcome === 'duplicate') return { messageId: delivery.messageId, action: 'duplicate' };
  deps.log.info('delivered', { ...outcome });
  return outcome;
}

async function notifyAlarm(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
): Promise<Outcome> {
  const key = alarmKey(alarm);
  const now = deps.now();
  const incident = await deps.incidents.get(key);
  if (incident && incident.lastMessageId === delivery.messageId) {
    // An earlier attempt at this delivery saved its change; only the graph can be left to do.
    if (incident.lastPlan === 'open' && deps.graphs && alarm.state === 'ALARM')
      await attachGraph(alarm, incident, deps, step, now);
    return {
      messageId: delivery.messageId,
      action: incident.lastPlan ?? 'update',
      channel: incident.channel,
      ts: incident.ts,
    };
  }
  const mute = await deps.mutes?.getMute(key);
  const muted = mute !== undefined && mute.until > now;
  let plan = planTransition(incident, alarm, now, deps.flapWindowMs);
  // Muted: no new top-level post. The change goes quietly to the existing incident's thread.
  if (muted && plan === 'open') plan = incident ? 'reopen' : 'quiet';
  if (plan === 'quiet') {
    deps.log.info('OK with no open incident; nothing to update', {
      alarm: alarm.alarmName,
      messageId: delivery.messageId,
    });
    return { messageId: delivery.messageId, action: 'quiet' };
  }
  const logs = alarm.state === 'ALARM' && plan !== 'late' ? await fetchLogs(alarm, deps, now) : undefined;

  if (plan === 'open' || !incident) {
    return openIncident(alarm, delivery, deps, step, { key, logs, previous: incident, now, mute });
  }
  if (plan === 'late') {
    await step('reply', async () =>
      packTs(
        await deps.slack.postMessage(
          incident.channel,
          formatTransition(
            alarm,
            { state: alarm.state, since: undefined },
            'arrived late; the message shows a newer state',
          ),
          incident.ts,
        ),
      ),
    );
    return { messageId: delivery.messageId, action: 'late', channel: incident.channel, ts: incident.ts };
  }

  const updated: Incident = {
    ...incident,
    state: alarm.state,
    stateChangedAt: alarm.stateChangeTime ?? now,
    transitions: incident.transitions + 1,
    flaps: incident.flaps + (plan === 'reopen' ? 1 : 0),
    wasAlarming: incident.wasAlarming || alarm.state === 'ALARM',
    resolvedAt: alarm.state === 'OK' ? (alarm.stateChangeTime ?? now) : undefined,
    // OK closes the incident: its acknowledgement goes with it.
    ackBy: alarm.state === 'OK' ? undefined : incident.ackBy,
    ackAt: alarm.state === 'OK' ? undefined : incident.ackAt,
    escalatedAt: alarm.state === 'OK' || plan === 'reopen' ? undefined : incident.escalatedAt,
    alarm,
    logs: alarm.state === 'ALARM' ? (logs ?? incident.logs) : incident.logs,
    lastMessageId: delivery.messageId,
    lastPlan: plan,
    version: incident.version + 1,
  };
  try {
    // Named by the version it drew from: a retry after a conflict redraws from the fresh state.
    await step(`update@v${incident.version}`, async () => {
      await deps.slack.updateMessage(
        incident.channel,
        incident.ts,
        formatAlarm({ alarm, incident: incidentView(updated, mute, now), logs: updated.logs }),
      );
      return 'updated';
    });
  } catch (err) {
    if (
      err instanceof SlackDeliveryError &&
      (err.code === 'slack_message_not_found' || err.code === 'slack_cant_update_message')
    ) {
      deps.log.warn('the incident message is gone; opening a new one', {
        key,
        channel: incident.channel,
        ts: incident.ts,
      });
      return openIncident(alarm, delivery, deps, step, { key, logs, previous: incident, now, mute });
    }
    throw err;
  }
  const note = muted
    ? `muted until ${mute.until.toISOString().slice(11, 16)} UTC`
    : plan === 'reopen'
      ? `re-opened ${updated.flaps} time${updated.flaps === 1 ? '' : 's'}: flapping`
      : undefined;
  await step('reply', async () =>
    packTs(
      await deps.slack.postMessage(
        incident.channel,
        formatTransition(alarm, { state: incident.state, since: incident.stateChangedAt }, note),
        incident.ts,
      ),
    ),
  );
  await deps.incidents.put(updated);
  return { messageId: delivery.messageId, action: plan, channel: incident.channel, ts: incident.ts };
}

async function openIncident(
  alarm: AlarmNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
  ctx: { key: string; logs: LogExcerpt | undefined; previous: Incident | undefined; now: Date; mute?: Mute },
): Promise<Outcome> {
  const channel = routeChannel(deps.routes, deps.defaultChannel, {
    accountId: alarm.accountId,
    region: alarm.region,
    alarmName: alarm.alarmName,
    topicArn: delivery.topicArn,
  });
  const opened: Omit<Incident, 'channel' | 'ts'> = {
    key: ctx.key,
    accountId: alarm.accountId,
    region: alarm.region,
    alarmName: alarm.alarmName,
    state: alarm.state,
    stateChangedAt: alarm.stateChangeTime ?? ctx.now,
    openedAt: alarm.stateChangeTime ?? ctx.now,
    resolvedAt: alarm.state === 'OK' ? (alarm.stateChangeTime ?? ctx.now) : undefined,
    transitions: 1,
    flaps: 0,
    wasAlarming: alarm.state === 'ALARM',
    logs: ctx.logs,
    alarm,
    lastMessageId: delivery.messageId,
    lastPlan: 'open',
    version: (ctx.previous?.version ?? 0) + 1,
  };
  const posted = unpackTs(
    await step('post', async () =>
      packTs(
        await deps.slack.postMessage(
          channel,
          formatAlarm({
            alarm,
            incident: incidentView({ ...opened, channel: '', ts: '' }, ctx.mute, ctx.now),
            logs: ctx.logs,
          }),
        ),
      ),
    ),
  );
  await deps.incidents.put({ ...opened, channel: posted.channel, ts: posted.ts });
  if (deps.graphs && alarm.state === 'ALARM') await attachGraph(alarm, posted, deps, step, ctx.now);
  return { messageId: delivery.messageId, action: 'open', channel: posted.channel, ts: posted.ts };
}

/** The alert must not wait long on CloudWatch Logs: past this, it is posted without its log lines. */
const LOG_LOOKUP_MS = 5000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function fetchLogs(alarm: AlarmNotification, deps: NotifierDeps, now: Date): Promise<LogExcerpt | undefined> {
  const metric = logMetricOf(alarm);
  if (!deps.logs || !metric || !alarm.region || deps.logLines <= 0) return undefined;
  try {
    return await withTimeout(
      deps.logs.excerptFor(alarm.region, metric, evaluationWindow(alarm, now), deps.logLines),
      LOG_LOOKUP_MS,
      'log lookup',
    );
  } catch (err) {
    // The alert matters more than its log lines: post without them, and say why in the logs.
    deps.log.warn('could not read log lines for the alarm', { alarm: alarm.alarmName, error: err });
    return undefined;
  }
}

async function attachGraph(
  alarm: AlarmNotification,
  posted: { channel: string; ts: string },
  deps: NotifierDeps,
  step: Step,
  now: Date,
) {
  const widget = metricWidgetFor(alarm, alarm.stateChangeTime ?? now);
  if (!widget || !alarm.region || !deps.graphs) return;
  const graphs = deps.graphs;
  const region = alarm.region;
  try {
    await step('graph', async () => {
      const png = await graphs.render(region, widget);
      await deps.slack.uploadFile({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: 'metric.png',
        title: `${alarm.alarmName}: last 3 hours`,
        content: png,
      });
      return 'uploaded';
    });
  } catch (err) {
    // A missing graph never costs the alert itself.
    deps.log.warn('could not attach the metric graph', { alarm: alarm.alarmName, error: errorMessage(err) });
  }
}

async function notifyGeneric(
  generic: GenericNotification,
  delivery: Delivery,
  deps: NotifierDeps,
  step: Step,
): Promise<Outcome> {
  const channel = routeChannel(deps.routes, deps.defaultChannel, {
    accountId: generic.accountId,
    region: generic.region,
    topicArn: delivery.topicArn,
  });
  const fits = genericBodyFits(generic);
  const posted = unpackTs(
    await step('post', async () =>
      packTs(await deps.slack.postMessage(channel, formatGeneric(generic, { fullBodyAttached: !fits }))),
    ),
  );
  if (!fits) {
    await step('file', async () => {
      await deps.slack.uploadFile({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: generic.bodyIsJson ? 'message.json' : 'message.txt',
        title: 'The whole message',
        content: generic.body,
      });
      return 'uploaded';
    });
  }
  return { messageId: delivery.messageId, action: 'generic', channel: posted.channel, ts: posted.ts };
}
