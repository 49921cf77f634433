import type { CloudTrailEvent, Principal } from '../../kernel/envelopes/cloudtrail';
import { regionName } from '../../kernel/aws/regions';
import type { BudgetAlert, CostAnomaly } from './parse';
import type { CostEstimate } from './estimate';
import { priceSourceNote } from './estimate';
import { severityOf, type Severity, type SpendPolicy } from './policy';
import type { SecurityFinding } from '../security/detect';
import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { cloudTrailEventUrl, resourceConsoleUrl } from '../../kernel/aws/console-urls';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { formatUsd } from './money';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fieldsSection,
  header,
  LIMITS,
  notificationText,
  section,
} from '../../kernel/slack/text';

/** What "Remind me in 24h" carries: enough to check the resource and price the day. */
export interface SpendReminder {
  eventId: string;
  service: string;
  region?: string;
  resourceKind: string;
  resourceId?: string;
  hourly?: number;
  createdAt?: string;
}

export function reminderOf(event: CloudTrailEvent, estimate: CostEstimate): SpendReminder {
  return {
    eventId: event.eventId,
    service: event.service,
    ...(event.region ? { region: event.region } : {}),
    resourceKind: estimate.resourceKind,
    ...(estimate.resourceId ? { resourceId: estimate.resourceId.split(',')[0]?.trim().slice(0, 300) } : {}),
    ...(estimate.hourly !== undefined ? { hourly: estimate.hourly } : {}),
    ...(event.eventTime ? { createdAt: event.eventTime.toISOString() } : {}),
  };
}

export const SPEND_ACTIONS = {
  expected: 'spend_expected',
  remind: 'spend_remind_24h',
  openConsole: 'spend_open_console',
} as const;

const SEVERITY_STYLE: Readonly<Record<Severity, { color: string; emoji: string; label: string }>> = {
  critical: { color: '#D13212', emoji: ':rotating_light:', label: 'Critical' },
  warning: { color: '#E8A317', emoji: ':warning:', label: 'Warning' },
  info: { color: '#4A90D9', emoji: ':information_source:', label: 'Info' },
};

function whoText(p: Principal): string {
  const who = escapeMrkdwn(p.display);
  if (p.kind === 'root') return ':rotating_light: *the root account*';
  const kind =
    p.kind === 'assumed-role'
      ? 'assumed role'
      : p.kind === 'iam-user'
        ? 'IAM user'
        : p.kind === 'sso-user'
          ? 'SSO user'
          : p.kind.replace('-', ' ');
  return `${who} _(${kind})_`;
}

function whereText(e: Pick<CloudTrailEvent, 'accountId' | 'region'>): string {
  const region = e.region
    ? `${inlineCode(e.region)}${regionName(e.region) ? ' · ' + escapeMrkdwn(regionName(e.region) ?? '') : ''}`
    : 'unknown region';
  return `account ${inlineCode(e.accountId)}\n${region}`;
}

function estimateHeadline(estimate: CostEstimate): string {
  if (estimate.monthly !== undefined && estimate.hourly !== undefined) {
    return `*${formatUsd(estimate.hourly)}/hour · about ${formatUsd(estimate.monthly)}/month*`;
  }
  return estimate.usagePriced ? '*Billed by use*: no fixed monthly figure' : '*Price unknown*';
}

export interface SpendWarningInput {
  event: CloudTrailEvent;
  estimate: CostEstimate;
  policy: SpendPolicy;
  /** Repeats grouped into this message (1 = just this one). */
  count?: number;
}

/** The spend warning: the estimate up front, then who, what, where and when. */
export function formatSpendWarning(input: SpendWarningInput): SlackMessage {
  const { event, estimate, policy } = input;
  const count = input.count ?? 1;
  const severity = severityOf(estimate, policy);
  const style = SEVERITY_STYLE[severity];
  const price =
    estimate.monthly !== undefined
      ? `${formatUsd(estimate.monthly)}/month`
      : estimate.usagePriced
        ? 'usage-priced'
        : 'price unknown';
  const times = count > 1 ? ` ×${count}` : '';
  const verb = /^Update/.test(event.eventName)
    ? 'updated'
    : /^Resize/.test(event.eventName)
      ? 'resized'
      : /^Restore/.test(event.eventName)
        ? 'restored'
        : 'created';
  const title = `${estimate.resourceKind}${estimate.resourceId ? ` ${estimate.resourceId}` : ''} ${verb}: ${price}${times}`;
  const mention = severity === 'critical' && policy.mentionGroupId ? `<!subteam^${policy.mentionGroupId}> ` : '';
  const total =
    count > 1 && estimate.monthly !== undefined
      ? `\n${count} of these together: about ${formatUsd(estimate.monthly * count)}/month`
      : '';
  const blocks: Block[] = [
    header(`${style.emoji} ${title}`),
    section(`${mention}${estimateHeadline(estimate)} · ${style.label}${total}`),
    fieldsSection([
      ['Who', whoText(event.principal)],
      [
        'What',
        `${escapeMrkdwn(estimate.resourceKind)}${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''}\n${escapeMrkdwn(estimate.summary)}`,
      ],
      ['Where', whereText(event)],
      ['When', formatUtc(event.eventTime)],
      [
        'Call',
        `${inlineCode(`${event.service}:${event.eventName}`)}${event.sourceIp ? ` from ${inlineCode(event.sourceIp)}` : ''}`,
      ],
    ]),
  ];
  const priced = estimate.lines.filter((l) => l.label);
  if (priced.length) {
    const lines = priced.map(
      (l) => `• ${escapeMrkdwn(l.label)}: ${l.hourly === undefined ? 'price unknown' : `${formatUsd(l.hourly)}/hour`}`,
    );
    blocks.push(section(lines.join('\n')));
  }
  const notes = [...estimate.notes.map(escapeMrkdwn), priceSourceNote(estimate.sources)].filter(Boolean);
  if (notes.length) blocks.push(context(notes.join(' · ')));
  const consoleUrl =
    (event.region && resourceConsoleUrl(event.service, event.region, estimate.resourceId)) ||
    cloudTrailEventUrl(event.region, event.eventId);
  blocks.push(
    actions('spend_actions', [
      button(SPEND_ACTIONS.expected, 'Expected', { value: event.eventId, style: 'primary' }),
      // Only the event id: what to check and its price are kept on our side, not trusted from a click.
      button(SPEND_ACTIONS.remind, 'Remind me in 24h', { value: event.eventId }),
      button(SPEND_ACTIONS.openConsole, 'Open in console', { url: consoleUrl }),
    ]),
  );
  return {
    // The mention goes in the top-level text too: that is what notifies people.
    text: mention + notificationText(`${title} by ${event.principal.display}`),
    attachments: [{ color: style.color, blocks: blocks.slice(0, LIMITS.blocksPerMessage) }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A thread reply for a repeat that was grouped into an earlier warning. */
export function formatRepeat(event: CloudTrailEvent, estimate: CostEstimate, count: number): SlackMessage {
  const text = `Another one (${count} in all): ${escapeMrkdwn(estimate.resourceKind)}${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''} at ${formatUtc(event.eventTime)}`;
  return {
    text: notificationText(`Another ${estimate.resourceKind} (${count} in all)`),
    blocks: [section(text)],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** A quiet note for a creation that failed (it created nothing, so no dollar warning). */
export function formatFailedCreation(event: CloudTrailEvent, estimate: CostEstimate): SlackMessage {
  const text =
    `:no_entry_sign: ${escapeMrkdwn(event.principal.display)} tried to create ${escapeMrkdwn(estimate.resourceKind)}` +
    `${estimate.resourceId ? ` ${inlineCode(estimate.resourceId)}` : ''} in ${event.region ? inlineCode(event.region) : 'an unknown region'}; ` +
    `it failed with ${inlineCode(event.errorCode ?? 'an error')}${event.errorMessage ? `: ${escapeMrkdwn(event.errorMessage)}` : ''}. Nothing was created.`;
  return {
    text: notificationText(`Failed ${event.eventName} by ${event.principal.display}`),
    blocks: [context(text)],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function formatSecurityFinding(event: CloudTrailEvent, finding: SecurityFinding): SlackMessage {
  const severe = finding.kind !== 'sign-in-without-mfa';
  const style = SEVERITY_STYLE[severe ? 'critical' : 'warning'];
  const fields: Array<[string, string]> = [
    ['Who', whoText(event.principal)],
    ['Where', whereText(event)],
    ['When', formatUtc(event.eventTime)],
    ['Call', inlineCode(`${event.service}:${event.eventName}`)],
  ];
  if (event.sourceIp) fields.push(['Source IP', inlineCode(event.sourceIp)]);
  if (event.userAgent) fields.push(['User agent', escapeMrkdwn(event.userAgent)]);
  if (event.additionalEventData.MFAUsed)
    fields.push(['MFA used', escapeMrkdwn(String(event.additionalEventData.MFAUsed))]);
  return {
    text: notificationText(finding.title),
    attachments: [
      {
        color: style.color,
        blocks: [
          header(`${style.emoji} ${finding.title}`),
          fieldsSection(fields),
          actions('security_actions', [
            button('security_open_event', 'Open in CloudTrail', {
              url: cloudTrailEventUrl(event.region, event.eventId),
            }),
          ]),
        ],
      },
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export function formatBudgetAlert(alert: BudgetAlert): SlackMessage {
  const forecast = alert.alertType === 'FORECASTED';
  const style = SEVERITY_STYLE[forecast ? 'warning' : 'critical'];
  const amount = alert.amount ? `${forecast ? 'forecast' : 'actual'} ${alert.amount}` : 'threshold crossed';
  const title = `Budget ${alert.budgetName}: ${amount}${alert.budgetedAmount ? ` of ${alert.budgetedAmount}` : ''}`;
  const fields: Array<[string, string]> = [
    ['Budget', escapeMrkdwn(alert.budgetName)],
    [forecast ? 'Forecasted' : 'Actual', escapeMrkdwn(alert.amount ?? 'unknown')],
    ['Budgeted', escapeMrkdwn(alert.budgetedAmount ?? 'unknown')],
    ['Threshold', escapeMrkdwn(alert.threshold ?? 'unknown')],
  ];
  if (alert.budgetType) fields.push(['Type', escapeMrkdwn(alert.budgetType)]);
  if (alert.accountId) fields.push(['Account', inlineCode(alert.accountId)]);
  return {
    text: notificationText(title),
    attachments: [
      {
        color: style.color,
        blocks: [
          header(`:moneybag: ${title}`),
          fieldsSection(fields),
          actions('budget_actions', [
            button('budget_open_console', 'Open AWS Budgets', {
              url: 'https://console.aws.amazon.com/billing/home#/budgets',
            }),
          ]),
        ],
      },
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

export function formatCostAnomaly(anomaly: CostAnomaly): SlackMessage {
  const impact = anomaly.totalImpact !== undefined ? `+${formatUsd(anomaly.totalImpact)}` : 'unknown impact';
  const pct = anomaly.totalImpactPercentage !== undefined ? ` (${anomaly.totalImpactPercentage.toFixed(1)}%)` : '';
  const title = `Cost anomaly: ${impact}${pct}${anomaly.dimension ? ` in ${anomaly.dimension}` : ''}`;
  const fields: Array<[string, string]> = [
    ['Impact', `${impact}${pct}`],
    [
      'Spend',
      anomaly.totalActualSpend !== undefined && anomaly.totalExpectedSpend !== undefined
        ? `${formatUsd(anomaly.totalActualSpend)} against ${formatUsd(anomaly.totalExpectedSpend)} expected`
        : 'unknown',
    ],
    [
      'Period',
      anomaly.start
        ? `${formatUtc(anomaly.start).slice(0, 10)} to ${anomaly.end ? formatUtc(anomaly.end).slice(0, 10) : 'now'}`
        : 'unknown',
    ],
  ];
  if (anomaly.monitorName) fields.push(['Monitor', escapeMrkdwn(anomaly.monitorName)]);
  if (anomaly.accountId)
    fields.push([
      'Account',
      `${inlineCode(anomaly.accountId)}${anomaly.accountName ? ' ' + escapeMrkdwn(anomaly.accountName) : ''}`,
    ]);
  const causes = anomaly.rootCauses.slice(0, 10).map((c) => {
    const parts = [c.service, c.region, c.usageType, c.linkedAccountName ?? c.linkedAccount]
      .filter(Boolean)
      .map((p) => escapeMrkdwn(String(p)));
    return `• ${parts.join(' · ')}${c.contribution !== undefined ? ` (${formatUsd(c.contribution)})` : ''}`;
  });
  const monitorId = anomaly.monitorArn?.split('/').pop();
  const url =
    monitorId && ID.test(monitorId) && ID.test(anomaly.anomalyId)
      ? `https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/${monitorId}/anomalies/${anomaly.anomalyId}`
      : 'https://console.aws.amazon.com/cost-management/home#/anomaly-detection/overview';
  const blocks: Block[] = [header(`:chart_with_upwards_trend: ${title}`), fieldsSection(fields)];
  if (causes.length) blocks.push(section(`*Root causes*\n${causes.join('\n')}`));
  blocks.push(actions('anomaly_actions', [button('anomaly_open_console', 'Open in Cost Explorer', { url })]));
  return {
    text: notificationText(title),
    attachments: [{ color: SEVERITY_STYLE.warning.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
