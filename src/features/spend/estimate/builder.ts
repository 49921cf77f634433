import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import { HOURS_PER_MONTH, listPrice, type PricedService } from '../price-table';

/** One priced part of a resource: "2 × ra3.4xlarge node", "500 GB gp3 storage". */
export interface CostLine {
  label: string;
  /** USD per hour for this line; undefined when the price is unknown. */
  hourly?: number;
}

export interface CostEstimate {
  /** "Redshift cluster", "DynamoDB table", "EC2 instances"… */
  resourceKind: string;
  /** Name or id of what was created, when the event says. */
  resourceId?: string;
  /** "2 × ra3.4xlarge nodes", "1,000 RCU + 1,000 WCU provisioned". */
  summary: string;
  lines: CostLine[];
  /** Sum of the lines, or undefined when any line's price is unknown. */
  hourly?: number;
  monthly?: number;
  /** Billed by use (on-demand tables, data processed): no fixed figure to give. */
  usagePriced: boolean;
  /** Nothing that costs was created or changed: post nothing. */
  nothingToPrice?: boolean;
  notes: string[];
  /** Which price lists the figures came from, for the message's footnote. */
  sources: PricedService[];
}

export type Params = Record<string, unknown>;

export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Params)[key];
  }
  return cur;
}

export function str(obj: unknown, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = at(obj, p);
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

export function num(obj: unknown, ...paths: string[]): number | undefined {
  for (const p of paths) {
    const v = at(obj, p);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

export function list(obj: unknown, path: string): unknown[] {
  const v = at(obj, path);
  return Array.isArray(v) ? v : [];
}

export const fmt = (n: number) => n.toLocaleString('en-US');

export class Builder {
  readonly lines: CostLine[] = [];
  readonly notes: string[] = [];
  readonly sources = new Set<PricedService>();
  usagePriced = false;
  /** The call changed nothing that costs (e.g. UpdateTable turning on streams): no warning at all. */
  nothingToPrice = false;

  constructor(private readonly region: string | undefined) {}

  /** `count` × the hourly list price of `type`. */
  perHour(service: PricedService, type: string | undefined, count: number, label: string): void {
    this.sources.add(service);
    const price = type && this.region ? listPrice(service, this.region, type) : undefined;
    if (price === undefined)
      this.notes.push(`price unknown for ${type ?? 'this type'}${this.region ? ` in ${this.region}` : ''}`);
    this.lines.push({ label, hourly: price === undefined ? undefined : price * count });
  }

  /** `quantity` × a monthly list price (GB-month, IOPS-month), spread per hour. */
  perMonth(service: PricedService, key: string, quantity: number, label: string): void {
    if (quantity <= 0) return;
    this.sources.add(service);
    const price = this.region ? listPrice(service, this.region, key) : undefined;
    if (price === undefined) this.notes.push(`price unknown for ${label}${this.region ? ` in ${this.region}` : ''}`);
    this.lines.push({ label, hourly: price === undefined ? undefined : (price * quantity) / HOURS_PER_MONTH });
  }

  done(resourceKind: string, resourceId: string | undefined, summary: string): CostEstimate {
    const unknown = this.lines.some((l) => l.hourly === undefined);
    const hourly = this.lines.length && !unknown ? this.lines.reduce((sum, l) => sum + (l.hourly ?? 0), 0) : undefined;
    return {
      resourceKind,
      resourceId,
      summary,
      lines: this.lines,
      hourly,
      monthly: hourly === undefined ? undefined : hourly * HOURS_PER_MONTH,
      usagePriced: this.usagePriced,
      nothingToPrice: this.nothingToPrice,
      notes: this.notes,
      sources: [...this.sources],
    };
  }
}

export type Estimator = (e: CloudTrailEvent, b: Builder) => CostEstimate;

export const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
