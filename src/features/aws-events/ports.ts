/** Where an AWS event's message lives, so its updates edit it and go to its thread. */
export interface EventMessage {
  channel: string;
  ts: string;
}

export interface EventMessageStore {
  get(key: string): Promise<EventMessage | undefined>;
  put(key: string, message: EventMessage): Promise<void>;
}
