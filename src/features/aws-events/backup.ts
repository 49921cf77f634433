import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { DONE, FAILED, IDLE, MOVING, WARNING, stateMessage, styleOf, where, type Style } from './states';

const JOBS = {
  'Backup Job State Change': { kind: 'Backup job', path: 'backup' },
  'Copy Job State Change': { kind: 'Copy job', path: 'copy' },
  'Restore Job State Change': { kind: 'Restore job', path: 'restore' },
} as const;

const size = z.optional(z.nullish(z.union([z.string(), z.number()])));

// Backup and copy jobs report `state`; restore jobs `status` (and `state` when created).
const jobDetail = z.looseObject({
  backupJobId: optionalText,
  copyJobId: optionalText,
  restoreJobId: optionalText,
  state: optionalText,
  status: optionalText,
  resourceArn: optionalText,
  sourceResourceArn: optionalText,
  createdResourceArn: optionalText,
  resourceType: optionalText,
  backupVaultName: optionalText,
  backupVaultArn: optionalText,
  sourceBackupVaultArn: optionalText,
  destinationBackupVaultArn: optionalText,
  backupSizeInBytes: size,
  statusMessage: optionalText,
});

const STATES: Readonly<Record<string, Style>> = {
  FAILED,
  ABORTED: { ...FAILED, label: 'ABORTED' },
  EXPIRED: { ...FAILED, label: 'EXPIRED' },
  PARTIAL: { ...WARNING, label: 'PARTIAL' },
  COMPLETED: { ...DONE, label: 'COMPLETED' },
  RUNNING: { ...MOVING, label: 'RUNNING' },
  CREATED: { ...MOVING, label: 'CREATED' },
  PENDING: { ...MOVING, label: 'PENDING' },
  ABORTING: { ...IDLE, label: 'ABORTING' },
};

/** 22548578304 → "21 GiB"; undefined unless a whole number of bytes. */
export function formatBytes(value: string | number | null | undefined): string | undefined {
  const n = typeof value === 'string' && /^\d{1,20}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(u === 0 ? v : Math.round(v * 10) / 10)} ${units[u]}`;
}

/** The name at the end of an ARN (`…:db:payments-prod` → payments-prod, `…:backup-vault:x` → x). */
const arnName = (arn: string) => arn.split(/[:/]/).filter(Boolean).pop() ?? arn;

/** A Backup, copy or restore job's state change: the job, the resource, the vault, the size, AWS's message. */
export function formatBackupJob(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.backup' || !Object.hasOwn(JOBS, event.detailType)) return undefined;
  const job = JOBS[event.detailType as keyof typeof JOBS];
  const parsed = jobDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const state = d.state ?? d.status;
  if (!state) return undefined;
  const style = styleOf(state, STATES);
  const id = d.backupJobId ?? d.copyJobId ?? d.restoreJobId;
  const resource = d.sourceResourceArn ?? d.resourceArn ?? event.resources[0];
  const fields: Array<[string, string]> = [['State', escapeMrkdwn(style.label)]];
  if (resource)
    fields.push(['Resource', `${d.resourceType ? `${escapeMrkdwn(d.resourceType)} ` : ''}${inlineCode(resource)}`]);
  else if (d.resourceType) fields.push(['Resource type', escapeMrkdwn(d.resourceType)]);
  if (d.createdResourceArn) fields.push(['Restored as', inlineCode(d.createdResourceArn)]);
  const source = d.sourceBackupVaultArn;
  const destination = d.destinationBackupVaultArn;
  if (source && destination)
    fields.push(['Vaults', `${inlineCode(arnName(source))} → ${inlineCode(arnName(destination))}`]);
  else if (d.backupVaultName || d.backupVaultArn)
    fields.push(['Vault', inlineCode(d.backupVaultName ?? arnName(d.backupVaultArn!))]);
  const bytes = formatBytes(d.backupSizeInBytes);
  if (bytes) fields.push(['Size', bytes]);
  if (id) fields.push(['Job', inlineCode(id)]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  // AWS Backup wraps some messages in quotes of their own.
  const message = d.statusMessage
    ?.trim()
    .replace(/^"([\s\S]*)"$/, '$1')
    .trim();
  const url =
    event.region && id && /^[A-Za-z0-9-]{1,100}$/.test(id)
      ? `https://${event.region}.console.aws.amazon.com/backup/home?region=${event.region}#/jobs/${job.path}/details/${id}`
      : undefined;
  const what = resource ? ` for ${arnName(resource)}` : d.resourceType ? ` for ${d.resourceType}` : '';
  return stateMessage(
    `AWS Backup: ${job.kind}${what} ${style.label}`,
    style,
    fields,
    url ? link(url, `Open the ${job.kind.toLowerCase()}`) : 'AWS Backup',
    message ? `*Status message*\n${escapeMrkdwn(message)}` : undefined,
  );
}
