import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', 'fixtures');

/** Fixtures are named by their source folder: `loadFixture('awsdocs/…json')` (see test/fixtures/SOURCES.md). */

/** Loads a fixture as a fresh copy, so a test may change it freely. */
export function loadFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;
}

export interface SnsEventFixture {
  Records: Array<{
    Sns: { MessageId: string; Message: string; TopicArn: string; Subject: string | null; Timestamp: string };
  }>;
}

/** An SNS event fixture with its alarm message edited (and a new MessageId, as SNS would give). */
export function snsAlarmEvent(
  name: string,
  edit: (alarm: Record<string, unknown>) => void = () => {},
  messageId?: string,
): SnsEventFixture {
  const event = loadFixture<SnsEventFixture>(name);
  const record = event.Records[0];
  if (!record) throw new Error(`${name} has no record`);
  const alarm = JSON.parse(record.Sns.Message) as Record<string, unknown>;
  edit(alarm);
  record.Sns.Message = JSON.stringify(alarm);
  if (messageId) record.Sns.MessageId = messageId;
  return event;
}

/** The first (only) alarm message inside an SNS event fixture. */
export function alarmMessage(name: string): Record<string, unknown> {
  const record = loadFixture<SnsEventFixture>(name).Records[0];
  if (!record) throw new Error(`${name} has no record`);
  return JSON.parse(record.Sns.Message) as Record<string, unknown>;
}
