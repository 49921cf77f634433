/** What `/trail` needs from CloudTrail; the adapter in src/adapters/aws maps the SDK. */
export interface TrailEvent {
  id: string;
  name: string;
  source: string;
  time: Date;
  principal: string;
  sourceIp?: string;
  resources: string[];
  readOnly: boolean;
  errorCode?: string;
}

export interface TrailPort {
  /** Write calls (read-only ones are skipped while paging), newest first, at most `max`. */
  lookup(params: {
    attribute: 'ResourceName' | 'Username';
    value: string;
    start: Date;
    end: Date;
    max: number;
    /** Where to look; the function's own region when absent. */
    region?: string;
    /** Another account of the organisation's (through its member role); this account when absent. */
    accountId?: string;
  }): Promise<TrailEvent[]>;
}
