import type { MemberAccess } from './member-access';

/** The event `lamplighter doctor` sends the sweeper: may it assume lamplighter-read in this account? */
export const MEMBER_PROBE = 'probe-member';

/** The account id of a probe event, or undefined for any other event. */
export function memberProbeRequest(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as { lamplighter?: unknown; accountId?: unknown };
  if (e.lamplighter !== MEMBER_PROBE) return undefined;
  return typeof e.accountId === 'string' && /^\d{12}$/.test(e.accountId) ? e.accountId : '';
}

/**
 * Tries to assume the member account's read role as the functions do, and says whether it
 * could. Nothing is read there; the credentials are not returned.
 */
export async function probeMemberRead(
  access: MemberAccess,
  accountId: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!accountId) return { ok: false, reason: 'the probe named no 12-digit account id' };
  if (!access.enabled)
    return { ok: false, reason: 'the central stack has no external id configured for member accounts' };
  try {
    const provider = await access.credentialsFor(accountId, 'read');
    // No provider: this is the functions' own account, which needs no role.
    if (provider) await provider();
    return { ok: true };
  } catch (err) {
    // AWS's own words (the refused AssumeRole) say more than the functions' user-facing sentence.
    const cause = (err as { cause?: unknown }).cause;
    const why =
      cause instanceof Error ? `${cause.name}: ${cause.message}` : err instanceof Error ? err.message : String(err);
    return { ok: false, reason: why.slice(0, 400) };
  }
}
