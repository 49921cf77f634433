import * as z from 'zod/mini';
import { eventBridgeEnvelope } from '../../kernel/envelopes/eventbridge';
import { parseAwsTime } from '../../kernel/aws/time';
import { optionalNumber, optionalString } from '../../kernel/schema';

/** An AWS Budgets alert (published to SNS as plain text). */
export interface BudgetAlert {
  budgetName: string;
  accountId?: string;
  accountName?: string;
  budgetType?: string;
  /** "ACTUAL" or "FORECASTED". */
  alertType?: string;
  budgetedAmount?: string;
  threshold?: string;
  amount?: string;
  /** The first line, e.g. "AWS Budget Notification November 27, 2026". */
  title: string;
}

/** `Label: value` on a line of its own, read line by line (a regex over the whole text backtracks on long blank runs). */
function field(text: string, label: string): string | undefined {
  const wanted = `${label.toLowerCase()}:`;
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (!trimmed.toLowerCase().startsWith(wanted)) continue;
    const value = trimmed.slice(wanted.length).trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Parses the text AWS Budgets sends, which reads:
 * `AWS Budget Notification … / AWS Account 123456789012 / … / Budget Name: x / Budget Type: Cost /
 * Budgeted Amount: $1,000.00 / Alert Type: ACTUAL / Alert Threshold: > $800.00 / ACTUAL Amount: $850.12`.
 */
export function parseBudgetAlert(text: string): BudgetAlert | undefined {
  const budgetName = field(text, 'Budget Name');
  if (!budgetName || !/AWS Budget/i.test(text)) return undefined;
  // Only the two documented kinds: the value also names the amount's label below.
  const rawType = field(text, 'Alert Type')?.toUpperCase();
  const alertType = rawType === 'ACTUAL' || rawType === 'FORECASTED' ? rawType : undefined;
  return {
    budgetName,
    accountId: /AWS Account:?\s*(\d{12})/i.exec(text)?.[1],
    budgetType: field(text, 'Budget Type'),
    alertType,
    budgetedAmount: field(text, 'Budgeted Amount'),
    threshold: field(text, 'Alert Threshold'),
    amount:
      (alertType ? field(text, `${alertType} Amount`) : undefined) ??
      field(text, 'ACTUAL Amount') ??
      field(text, 'FORECASTED Amount'),
    title: text.trim().split('\n')[0]?.trim() || 'AWS Budget Notification',
  };
}

/** A Cost Anomaly Detection alert, from its SNS JSON or its EventBridge "Anomaly Detected" event. */
export interface CostAnomaly {
  anomalyId: string;
  accountId?: string;
  accountName?: string;
  monitorName?: string;
  monitorArn?: string;
  start?: Date;
  end?: Date;
  totalImpact?: number;
  totalImpactPercentage?: number;
  totalActualSpend?: number;
  totalExpectedSpend?: number;
  maxImpact?: number;
  dimension?: string;
  rootCauses: Array<{
    service?: string;
    region?: string;
    usageType?: string;
    linkedAccount?: string;
    linkedAccountName?: string;
    contribution?: number;
  }>;
  link?: string;
}

const anomalySchema = z.looseObject({
  anomalyId: z.string().check(z.minLength(1)),
  accountId: optionalString,
  accountName: optionalString,
  monitorName: optionalString,
  monitorArn: optionalString,
  anomalyStartDate: optionalString,
  anomalyEndDate: optionalString,
  dimensionalValue: optionalString,
  dimensionValue: optionalString,
  anomalyDetailsLink: optionalString,
  impact: z.nullish(
    z.looseObject({
      maxImpact: optionalNumber,
      totalActualSpend: optionalNumber,
      totalExpectedSpend: optionalNumber,
      totalImpact: optionalNumber,
      totalImpactPercentage: optionalNumber,
    }),
  ),
  rootCauses: z.nullish(
    z.array(
      z.looseObject({
        service: optionalString,
        region: optionalString,
        usageType: optionalString,
        linkedAccount: optionalString,
        linkedAccountName: optionalString,
        impact: z.nullish(z.looseObject({ contribution: optionalNumber })),
      }),
    ),
  ),
});

const anomalyEventSchema = z.extend(eventBridgeEnvelope, { 'detail-type': z.literal('Anomaly Detected') });

export function parseCostAnomaly(json: unknown): CostAnomaly | undefined {
  const event = anomalyEventSchema.safeParse(json);
  const parsed = anomalySchema.safeParse(event.success ? event.data.detail : json);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  return {
    anomalyId: a.anomalyId,
    accountId: a.accountId,
    accountName: a.accountName,
    monitorName: a.monitorName,
    monitorArn: a.monitorArn,
    start: parseAwsTime(a.anomalyStartDate),
    end: parseAwsTime(a.anomalyEndDate),
    totalImpact: a.impact?.totalImpact,
    totalImpactPercentage: a.impact?.totalImpactPercentage,
    totalActualSpend: a.impact?.totalActualSpend,
    totalExpectedSpend: a.impact?.totalExpectedSpend,
    maxImpact: a.impact?.maxImpact,
    dimension: a.dimensionalValue ?? a.dimensionValue,
    rootCauses: (a.rootCauses ?? []).map((c) => ({
      service: c.service,
      region: c.region,
      usageType: c.usageType,
      linkedAccount: c.linkedAccount,
      linkedAccountName: c.linkedAccountName,
      contribution: c.impact?.contribution,
    })),
    link: a.anomalyDetailsLink,
  };
}
