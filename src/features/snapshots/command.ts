import type { Place } from '../../kernel/aws/place';
import * as z from 'zod/mini';
import { code } from '../../kernel/command-text';

export type SnapshotCommand = { kind: 'snapshot'; target: string; reason: string };

export const SNAPSHOT_USAGE =
  '`/snapshot TARGET [REASON]`: EBS snapshots of a volume (`vol-…`), of every volume of an instance (`i-…`), or by Name tag. You confirm before anything is created.';

/** `/snapshot TARGET [REASON]`, from its words and flags. */
export function parseSnapshot(
  words: string[],
  flags: string[],
): { ok: true; command: SnapshotCommand } | { ok: false; error: string } {
  if (flags.length) return { ok: false, error: `unknown option ${code(flags[0] ?? '')}` };
  const [target, ...reason] = words;
  if (!target) return { ok: false, error: 'what should be snapshotted? a volume id, an instance id or a Name tag' };
  return { ok: true, command: { kind: 'snapshot', target, reason: reason.join(' ') } };
}

/** What the confirm button carries: the preview, so the click creates exactly what was shown. */
export const snapshotRequestSchema = z.object({
  /** One confirmation, one set of snapshots: a second click on the same preview does nothing. */
  id: z.optional(z.string()),
  target: z.string(),
  instanceId: z.optional(z.string().check(z.regex(/^i-[0-9a-f]+$/))),
  volumes: z.array(z.string().check(z.regex(/^vol-[0-9a-f]+$/))),
  /** Another account's or region's volumes (`--account`, `--region`); absent: the function's own. */
  accountId: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/))),
  reason: z.pipe(
    z.optional(z.unknown()),
    z.transform((v) => (typeof v === 'string' ? v : '')),
  ),
});

export type SnapshotRequest = z.infer<typeof snapshotRequestSchema>;

/** The confirm button's value back as a request, or undefined if it is not one of ours. */
export function parseSnapshotRequest(raw: string): SnapshotRequest | undefined {
  try {
    const parsed = snapshotRequestSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The account and region the preview found the volumes in (carried by its confirm button). */
export function placeOfRequest(request: Pick<SnapshotRequest, 'accountId' | 'region'>): Place {
  return {
    ...(request.accountId ? { accountId: request.accountId } : {}),
    ...(request.region ? { region: request.region } : {}),
  };
}
