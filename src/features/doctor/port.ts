/** What `lamplighter doctor` reads, behind small ports: AWS with the caller's credentials, and Slack's Web API. */

/** A CloudFormation stack as DescribeStacks and ListStackResources describe it. */
export interface StackFacts {
  /** The stack's ARN (its account is the central account). */
  id: string;
  status: string;
  statusReason?: string;
  outputs: Record<string, string>;
  /** Logical id → physical id, for the resources doctor looks at. */
  resources: Record<string, string>;
}

export interface Subscription {
  protocol: string;
  endpoint: string;
  /** False while an email or SMS subscription waits for its confirmation. */
  confirmed: boolean;
}

export interface DoctorAws {
  /** Undefined when no stack of that name exists. */
  stack(name: string): Promise<StackFacts | undefined>;
  secretString(secretId: string): Promise<string>;
  /** A function's environment variables and ARN. */
  functionConfig(name: string): Promise<{ arn: string; env: Record<string, string> }>;
  /** Undefined when the rule does not exist. */
  rule(name: string): Promise<{ state: string; targets: string[] } | undefined>;
  /** Undefined when the topic does not exist. */
  subscriptions(topicArn: string): Promise<Subscription[] | undefined>;
  /** Messages the queue holds, visible or in flight. */
  queueDepth(queueUrl: string): Promise<number>;
}

/**
 * Whether Lamplighter's functions may assume a member account's read role. Only those
 * functions' roles are trusted there, so the probe runs as one of them, not as the caller.
 */
export interface MemberProbe {
  canRead(accountId: string): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export type SlackAnswer<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface DoctorSlack {
  /** `auth.test`, with the scopes Slack reports the token has. */
  authTest(): Promise<SlackAnswer<{ team: string; user: string; scopes: string[] }>>;
  /**
   * Whether the bot is in a channel: `conversations.history` (limit 1) with the manifest's
   * history scopes. Slack answers `not_in_channel` for a public channel the bot has not joined
   * and `channel_not_found` for a private one (or none).
   */
  channelAccess(channel: string): Promise<SlackAnswer>;
  postMessage(channel: string, text: string): Promise<SlackAnswer<{ channel: string; ts: string }>>;
  deleteMessage(channel: string, ts: string): Promise<SlackAnswer>;
}
