import { classify, deliveriesFrom } from '../events/notification';
import type { SlackMessage } from '../messages/blocks';
import { formatAlarm } from '../messages/alarm-message';
import { formatGeneric, genericBodyFits } from '../messages/generic-message';

/** Parses text the way it may arrive: one JSON document, JSON lines, or plain text. */
export function parseInputText(text: string): unknown[] {
  const trimmed = text.trim();
  try {
    return [JSON.parse(trimmed)];
  } catch {
    // not one JSON document
  }
  const lines = trimmed.split('\n').filter((l) => l.trim());
  if (lines.length > 1) {
    const parsed: unknown[] = [];
    for (const line of lines) {
      try {
        parsed.push(JSON.parse(line));
      } catch {
        return [text];
      }
    }
    return parsed;
  }
  return [text];
}

/** The first message the notifier would post for each delivery in the input; no I/O. */
export function renderInput(input: unknown): SlackMessage[] {
  return deliveriesFrom(input).map((delivery) => {
    const n = classify(delivery);
    if (n.kind === 'alarm') return formatAlarm({ alarm: n.alarm });
    return formatGeneric(n.generic, { fullBodyAttached: !genericBodyFits(n.generic) });
  });
}
