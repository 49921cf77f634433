/** The small part of Block Kit that Lamplighter posts; kept here so the core needs no Slack SDK. */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export type TextObject = PlainText | Mrkdwn;

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}
export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: Mrkdwn;
  fields?: Mrkdwn[];
}
export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: Mrkdwn[];
}
export interface DividerBlock {
  type: 'divider';
}
export interface ConfirmDialog {
  title: PlainText;
  text: PlainText | Mrkdwn;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}
export interface SelectOption {
  text: PlainText;
  value: string;
}
export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  placeholder: PlainText;
  options: SelectOption[];
}
export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: Array<ButtonElement | StaticSelectElement>;
}
export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

export interface Attachment {
  color: string;
  blocks: Block[];
  fallback?: string;
}

/** What a formatter returns: everything chat.postMessage/chat.update need except where it goes. */
export interface SlackMessage {
  /** Notification and screen-reader text; also what appears where blocks cannot be shown. */
  text: string;
  blocks?: Block[];
  attachments?: Attachment[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  /** Slack message metadata: what the bot posted this for, readable back with conversations.history. */
  metadata?: MessageMetadata;
  /** A thread reply also shown in the channel (Slack's "Also send to #channel"). */
  reply_broadcast?: boolean;
  /**
   * The AWS account the message is about: not sent to Slack; the Slack adapter opens the
   * message's console links in it when an access portal is configured (account-links.ts).
   */
  account?: string;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}
