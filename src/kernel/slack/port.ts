import type { MessageMetadata, SlackMessage } from './blocks';

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface FileUpload {
  channel: string;
  threadTs?: string;
  filename: string;
  title: string;
  content: Buffer | string;
  comment?: string;
}

/** What the core needs from Slack. Errors are `SlackDeliveryError`s. */
export interface SlackPort {
  /**
   * The channel's id: an id as given, a configured name (`#alerts`) resolved once per cold start
   * (see channels.ts). Everything kept or compared uses the id; Slack takes a name only in a post.
   */
  channelId(channel: string): Promise<string>;
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<PostedMessage>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  uploadFile(upload: FileUpload): Promise<void>;
  /** The id of the bot's direct-message channel with `user`. */
  openDirectMessage(user: string): Promise<string>;
  /** The members of a user group (for role policies that name groups). */
  userGroupMembers(groupId: string): Promise<string[]>;
  /**
   * The bot's own recent messages in `channel` carrying this metadata (oldest first), read from
   * conversations.history since `oldest` (a Slack ts): how a post whose answer was lost is found.
   */
  findPosted(channel: string, metadata: MessageMetadata, oldest: string): Promise<PostedMessage[]>;
  /** The bot's reply in the thread of `threadTs` carrying this metadata, if any (conversations.replies). */
  findReply(channel: string, threadTs: string, metadata: MessageMetadata): Promise<PostedMessage | undefined>;
  /** A link to a message, for "see the live one". */
  permalink(channel: string, ts: string): Promise<string>;
}

/** A reply to a slash command or button through its response_url (ephemeral unless said otherwise). */
export interface ResponseUrlMessage {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  /** Removes the message the response_url belongs to (a command's acknowledgement). */
  delete_original?: boolean;
}
