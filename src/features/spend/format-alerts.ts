import type { Block, SlackMessage } from '../../kernel/slack/blocks';
import { formatUtc } from '../../kernel/slack/format';
import { SEVERITY_STYLE } from '../../kernel/slack/severity';
import {
  actions,
  button,
  escapeMrkdwn,
  fieldsSection,
  header,
  notificationText,
  section,
} from '../../kernel/slack/text';
import { formatUsd } from './money';
import { accountText } from '../../kernel/accounts';
import { anomalyButtons } from './anomaly-feedback';
import type { BudgetAlert, CostAnomaly } from './parse';

/** How Budgets writes a threshold's comparison ("Alert Threshold: > $800.00"), in words. */
const COMPARISONS: ReadonlyArray<readonly [symbol: string, words: string]> = [
  ['>=', 'at least'],
  ['>', 'more than'],
  ['<=', 'at most'],
  ['<', 'less than'],
  ['=', 'exactly'],
];

/** "$1,000.00" → 1000; anything else undefined. */
function dollars(text: string | undefined): number | undefined {
  const m = /^\$\s?(\d[\d,]{0,20}(?:\.\d{1,4})?)$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

/**
 * "> $800.00" as "more than $800.00 (80% of the budget)", "> 80%" as "more than 80% of the
 * budget": a leading `>` would otherwise be Slack's quote, and the comparison is the meaning.
 */
export function thresholdInWords(raw: string, budgeted?: string): string {
  const text = raw.trim().slice(0, 200);
  const comparison = COMPARISONS.find(([symbol]) => text.startsWith(symbol));
  const value = comparison ? text.slice(comparison[0].length).trim() : text;
  const words = comparison ? `${comparison[1]} ${value}` : value;
  if (/^\d[\d.,]{0,20}\s?%$/.test(value)) return `${words} of the budget`;
  const amount = dollars(value);
  const of = dollars(budgeted);
  if (amount === undefined || !of) return words;
  const percent = Math.round((amount / of) * 1000) / 10;
  return `${words} (${percent}% of the budget)`;
}

/** AWS Budgets alerts and Cost Anomaly Detection alerts, formatted beside the spend warnings. */
export function formatBudgetAlert(alert: BudgetAlert): SlackMessage {
  const forecast = alert.alertType === 'FORECASTED';
  const style = SEVERITY_STYLE[forecast ? 'warning' : 'critical'];
  const amount = alert.amount ? `${forecast ? 'forecast' : 'actual'} ${alert.amount}` : 'threshold crossed';
  const title = `Budget ${alert.budgetName}: ${amount}${alert.budgetedAmount ? ` of ${alert.budgetedAmount}` : ''}`;
  const fields: Array<[string, string]> = [
    ['Budget', escapeMrkdwn(alert.budgetName)],
    [forecast ? 'Forecasted' : 'Actual', escapeMrkdwn(alert.amount ?? 'unknown')],
    ['Budgeted', escapeMrkdwn(alert.budgetedAmount ?? 'unknown')],
    ['Threshold', escapeMrkdwn(alert.threshold ? thresholdInWords(alert.threshold, alert.budgetedAmount) : 'unknown')],
  ];
  if (alert.budgetType) fields.push(['Type', escapeMrkdwn(alert.budgetType)]);
  if (alert.accountId) fields.push(['Account', accountText(alert.accountId, alert.accountName)]);
  return {
    ...(alert.accountId ? { account: alert.accountId } : {}),
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
  if (anomaly.accountId) fields.push(['Account', accountText(anomaly.accountId, anomaly.accountName)]);
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
  // Feedback from Slack reaches Cost Explorer (see anomaly-feedback.ts); the console is a click away.
  const feedback = ID.test(anomaly.anomalyId)
    ? anomalyButtons().map((b) => button(b.actionId, b.label, { value: anomaly.anomalyId }))
    : [];
  blocks.push(
    actions('anomaly_actions', [...feedback, button('anomaly_open_console', 'Open in Cost Explorer', { url })]),
  );
  return {
    ...(anomaly.accountId ? { account: anomaly.accountId } : {}),
    text: notificationText(title),
    attachments: [{ color: SEVERITY_STYLE.warning.color, blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
