import type { SlackMessage } from '../messages/blocks';

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
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<PostedMessage>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  uploadFile(upload: FileUpload): Promise<void>;
}
