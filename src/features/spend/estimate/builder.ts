import type { CloudTrailEvent } from '../../../kernel/envelopes/cloudtrail';
import { HOURS_PER_MONTH, type PriceKey, type PriceLookup, type PricedService, type Provenance } from '../prices/key';

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
  /** Where the figures came from (Price List API, or the bundled snapshot and its date), for the footnote. */
  sources: Provenance[];
}

/** What an estimate may need that the event itself does not carry, looked up by the cost guard. */
export interface CreationFacts {
  /** SageMaker CreateEndpoint: the endpoint config's production variants. */
  endpointVariants?: Array<{ instanceType?: string; count: number; serverless?: boolean }>;
  /** RunInstances from a launch template: the template version's instance type. */
  launchTemplateType?: string;
}

/** Optional extras of a price: the engine and deployment where they change it. */
type Variant = Pick<PriceKey, 'engine' | 'deployment' | 'component'>;

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
  readonly sources: Provenance[] = [];
  usagePriced = false;
  /** The call changed nothing that costs (e.g. UpdateTable turning on streams): no warning at all. */
  nothingToPrice = false;

  constructor(
    private readonly region: string | undefined,
    private readonly lookup: PriceLookup,
    readonly facts: CreationFacts = {},
  ) {}

  /** The list price of one product in this region, noting where it came from; undefined if unknown. */
  price(service: PricedService, item: string | undefined, variant: Variant = {}): number | undefined {
    if (!item || !this.region) return undefined;
    const quote = this.lookup({ service, region: this.region, item, ...variant });
    if (quote && !this.sources.some((s) => JSON.stringify(s) === JSON.stringify(quote.provenance)))
      this.sources.push(quote.provenance);
    return quote?.usd;
  }

  /** `count` × the hourly list price of `type`. */
  perHour(service: PricedService, type: string | undefined, count: number, label: string, variant?: Variant): void {
    this.hourly(label, this.price(service, type, variant), count, type ?? 'this type');
  }

  /** A line of `count` × an hourly price found already (undefined: "price unknown for `what`"). */
  hourly(label: string, price: number | undefined, count: number, what: string): void {
    const total = price === undefined ? undefined : price * count;
    if (total === undefined) this.notes.push(`price unknown for ${what}${this.region ? ` in ${this.region}` : ''}`);
    else if (!Number.isFinite(total))
      this.notes.push(`no figure for ${what}: the count in the event is not a number to price`);
    this.lines.push({ label, hourly: total !== undefined && Number.isFinite(total) ? total : undefined });
  }

  /** `quantity` × a monthly list price (GB-month, IOPS-month), spread per hour. */
  perMonth(service: PricedService, key: string, quantity: number, label: string, variant?: Variant): void {
    if (quantity <= 0) return;
    const price = this.price(service, key, variant);
    const total = price === undefined ? undefined : (price * quantity) / HOURS_PER_MONTH;
    if (price === undefined) this.notes.push(`price unknown for ${label}${this.region ? ` in ${this.region}` : ''}`);
    else if (!Number.isFinite(total))
      this.notes.push(`no figure for ${label}: the size in the event is not a number to price`);
    this.lines.push({ label, hourly: total !== undefined && Number.isFinite(total) ? total : undefined });
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
      sources: this.sources,
    };
  }
}

export type Estimator = (e: CloudTrailEvent, b: Builder) => CostEstimate;

export const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
