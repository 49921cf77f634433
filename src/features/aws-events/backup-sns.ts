import { isRegionCode } from '../../kernel/aws/regions';
import type { Delivery } from '../../kernel/envelopes/sns';
import type { AwsEvent } from './event';
import { bounded } from '../../kernel/untrusted';

/**
 * AWS Backup's own SNS notifications (a vault's notification topic) are a sentence, not JSON:
 * "An AWS Backup job was completed successfully. Recovery point ARN: …. Resource ARN : ….
 * BackupJob ID : …" (AWS Backup Developer Guide, "Notification options with AWS Backup"). They
 * are read into the job state change event they stand for, so the Backup formatter shows them.
 */
const OUTCOMES: ReadonlyArray<[pattern: RegExp, state: string]> = [
  [/completed successfully/i, 'COMPLETED'],
  [/failed to complete in time|expired/i, 'EXPIRED'],
  [/aborted|failed/i, 'FAILED'],
  [/started|running/i, 'RUNNING'],
];

const JOBS: ReadonlyArray<[word: string, detailType: string, idField: string]> = [
  ['Backup', 'Backup Job State Change', 'backupJobId'],
  ['Copy', 'Copy Job State Change', 'copyJobId'],
  ['Restore', 'Restore Job State Change', 'restoreJobId'],
];

/** "Label : value." pairs after the first sentence; values are ARNs and ids (no spaces). */
function labelled(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/([A-Za-z][A-Za-z ]{0,40}?)\s?:\s(\S{1,2048})/g)) {
    const label = m[1]!.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!found.has(label)) found.set(label, m[2]!.replace(/\.$/, ''));
  }
  return found;
}

export function backupSnsEvent(delivery: Delivery): AwsEvent | undefined {
  // Bounded before any pattern (and made well-formed): the text is the publisher's.
  const text = bounded(delivery.message, 8000).trim();
  const job = /^An AWS (Backup|Copy|Restore) job\b/i.exec(text);
  if (!job) return undefined;
  const [, detailType, idField] = JOBS.find(([word]) => word.toLowerCase() === job[1]!.toLowerCase())!;
  const sentence = text.split(/\.\s/)[0] ?? text;
  const state = OUTCOMES.find(([pattern]) => pattern.test(sentence))?.[1] ?? 'UNKNOWN';
  const fields = labelled(text.slice(sentence.length));
  const id = [...fields].find(([label]) => /job id$/.test(label))?.[1];
  const resourceArn = fields.get('resource arn');
  // Where: the topic's account and region (arn:aws:sns:REGION:ACCOUNT:topic).
  const [, , , region, account] = delivery.topicArn?.split(':') ?? [];
  return {
    // Each notification is a message of its own: named by its delivery.
    id: delivery.messageId,
    source: 'aws.backup',
    detailType,
    ...(account && /^\d{12}$/.test(account) ? { account } : {}),
    ...(region && isRegionCode(region) ? { region } : {}),
    ...(delivery.timestamp ? { time: delivery.timestamp } : {}),
    resources: resourceArn ? [resourceArn] : [],
    detail: {
      state,
      ...(id ? { [idField]: id } : {}),
      ...(resourceArn ? { resourceArn } : {}),
      statusMessage: sentence.slice(0, 300),
    },
  };
}
