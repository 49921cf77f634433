export interface RecordedCall {
  /** When the call arrived (epoch ms). */
  at?: number;
  method: string;
  token?: string;
  body: Record<string, unknown>;
  /** The answer we gave: HTTP status and JSON body (or the upload's status). */
  status: number;
  response: unknown;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  /** Message metadata, as chat.postMessage was given it. */
  metadata?: unknown;
  /** A thread reply sent with reply_broadcast: it shows in the channel too, as Slack shows it. */
  broadcast?: boolean;
  updates: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  title?: string;
  channel?: string;
  threadTs?: string;
  content: Buffer;
}

/** What the next matching call should suffer instead of being answered normally. */
export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  | { delayMs: number }
  /** The call is applied, then the connection is dropped before the answer: a lost answer. */
  | { applyThenDrop: true }
  /** The call is applied at once, and its answer sent only after this long (past a client's timeout). */
  | { answerAfterMs: number }
  /** conversations.history answers as if the newest messages were not there yet (history lag). */
  | { historyLag: true };

export interface SlackApiServerOptions {
  port?: number;
  host?: string;
  /** When set, calls with any other bearer token get `invalid_auth`. */
  token?: string;
  /**
   * The workspace's channels (conversations.list lists them). When set, only these exist; others
   * get `channel_not_found`. Absent: any id or name is a public channel from its first use.
   */
  channels?: ChannelSpec[];
  /** With `channels`: any other id or name is a public channel from its first use too (default false). */
  otherChannels?: boolean;
  /**
   * The channels the bot is a member of. When set, Slack's membership rules hold: a channel it
   * is not in answers `not_in_channel` (public; a post needs chat:write.public) or
   * `channel_not_found` (private) to posts and history reads. Unset: a member everywhere.
   */
  botChannels?: string[];
  /** Which channels are private (`G…` ids are private anyway). */
  privateChannels?: string[];
  /** The token's scopes, sent in `x-oauth-scopes` on every answer as Slack does (default: the manifest's). */
  scopes?: string[];
  /** User group id → member user ids, for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
  /**
   * Enforce Slack's rate limits as its docs state them: chat.postMessage about one a second per
   * channel (with a short burst), chat.update Tier 3 (50 a minute). Past them: HTTP 429 with
   * Retry-After, nothing applied.
   */
  rateLimits?: RateLimits;
  /** The rate limits' clock (epoch ms): a test on a simulated clock shares it. Default: real time. */
  clock?: () => number;
  /** Every Web API call is applied and answered this long after it arrives (Slack's own latency). */
  latencyMs?: number;
  /** Calls naming these channels (id) are answered this much later (applied at once): a channel whose Slack side is slow. */
  slowChannels?: Record<string, number>;
  /** Faults at random on these methods (a benchmark's weather): each a probability per call. */
  chaos?: Chaos;
}

/** The bot scopes manifest.yaml asks for: what the test server's token has unless told otherwise. */
export const MANIFEST_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'files:write',
  'im:write',
  'usergroups:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
];

/** A channel of the test workspace: its name (`alerts`), and its id (made up from the name if not given). */
export interface ChannelSpec {
  name: string;
  id?: string;
  isPrivate?: boolean;
  /** Whether the bot is in it (default true); a private channel it is not in is invisible to it. */
  isMember?: boolean;
  isArchived?: boolean;
}

export interface Chaos {
  methods: string[];
  /** HTTP 500, nothing applied. */
  status500: number;
  /** Applied, and the answer sent only after `answerAfterMs`: a client timeout after Slack applied it. */
  timeout: number;
  answerAfterMs: number;
  random?: () => number;
}

export interface RateLimits {
  postsPerSecondPerChannel: number;
  postBurst: number;
  updatesPerMinute: number;
  updateBurst: number;
  /** conversations.list, Tier 2 (about 20 a minute); absent: not limited. */
  listsPerMinute?: number;
}

/** Slack's published limits, as the test server enforces them when asked. */
export const SLACK_RATE_LIMITS: RateLimits = {
  postsPerSecondPerChannel: 1,
  postBurst: 3,
  updatesPerMinute: 50,
  updateBurst: 20,
  listsPerMinute: 20,
};

/** A reply posted to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  status: number;
}

export interface SlackApiServer {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  readonly messages: StoredMessage[];
  readonly files: StoredFile[];
  /** Replies to response_urls, in order. */
  readonly responses: ResponseUrlPost[];
  /**
   * The ephemeral message a response_url's `replace_original` / `delete_original` act on: a slash
   * command's acknowledgement (the HTTP answer to the command), or the ephemeral message clicked.
   */
  acknowledged(id: string, body: Record<string, unknown>): void;
  /** What the person sees for one response_url now: its ephemeral messages, oldest first. */
  ephemerals(id: string): Array<Record<string, unknown>>;
  /** A response_url for a new command or button, answered by this server like Slack's. */
  responseUrl(id?: string): string;
  /** Makes a response_url answer 404 expired_url from now on (30 minutes have passed). */
  expireResponseUrl(id: string): void;
  callsTo(method: string): RecordedCall[];
  /** Faults for the next calls to `method` ('*' for any), used in order. */
  failNext(method: string, ...faults: Fault[]): void;
  message(channel: string, ts: string): StoredMessage | undefined;
  thread(channel: string, ts: string): StoredMessage[];
  reset(): void;
  close(): Promise<void>;
}
