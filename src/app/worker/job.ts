import * as z from 'zod/mini';
import { verifyJob } from '../../kernel/access/job-signature';
import { LamplighterError } from '../../kernel/errors';
import { INCIDENT_COMMANDS } from '../../features/incidents/commands';

/** Who asked, where, and where to answer: taken from Slack's signed request by the gateway. */
const requested = {
  user: z.string(),
  channel: z.string(),
  responseUrl: z.optional(z.string()),
  requestedAt: z.string(),
};

const job = <K extends string, S extends z.core.$ZodLooseShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...shape, ...requested });

/**
 * Slow work the gateway hands to the worker, after acknowledging Slack within 3 seconds: the
 * worker's boundary, one schema, and the Job type is what it parses to. A slash command
 * carries its text; a button carries what its use case needs, never text to parse again.
 */
const jobSchema = z.discriminatedUnion('kind', [
  job('logs', { text: z.string() }),
  job('show-logs', { alarmKey: z.string() }),
  job('alarm-changes', { alarmKey: z.string() }),
  job('incident', { command: z.enum(INCIDENT_COMMANDS), text: z.string() }),
  job('alarm-ack', { alarmKey: z.string() }),
  job('alarm-mute', { alarmKey: z.string(), duration: z.string() }),
  job('storm-ack', { storm: z.string() }),
  job('storm-mute', { storm: z.string(), duration: z.string() }),
  job('snapshot-confirm', { request: z.string() }),
  job('snapshot-cancel', { target: z.string() }),
  job('spend-remind', { reminder: z.string(), messageTs: z.optional(z.string()) }),
  job('anomaly-feedback', {
    actionId: z.string(),
    anomalyId: z.string(),
    messageTs: z.optional(z.string()),
    attachments: z.optional(z.unknown()),
  }),
  job('spend-expected', {
    eventId: z.string(),
    messageTs: z.optional(z.string()),
    attachments: z.optional(z.unknown()),
  }),
]);

export type Job = z.infer<typeof jobSchema>;

/** The worker's boundary: a job as the gateway sent it, or undefined. */
export function parseJob(input: unknown): Job | undefined {
  const parsed = jobSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The worker Lambda's boundary: only a job the Slack gateway signed (kernel/access/job-signature)
 * is run, so neither a direct `lambda:Invoke` nor a dead letter edited before a redrive can name
 * the user a job acts for. Throws, so the invocation fails and is dead-lettered, never run.
 */
export function parseSignedJob(input: unknown, key: Buffer): Job {
  const verdict = verifyJob(input, key);
  if (!verdict.ok) throw new LamplighterError('forged_job', `the worker refused the job: ${verdict.reason}`);
  const job = parseJob(verdict.job);
  if (!job) throw new LamplighterError('bad_job', 'the worker was invoked with something that is not a job');
  return job;
}
