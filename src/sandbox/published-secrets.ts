import { isIP } from 'node:net';

/**
 * Signing secrets written in Lamplighter's own source (the sandbox's and the demo's): anyone can
 * sign a request with them, so they are only good for a server no other host can reach.
 */
export const SANDBOX_SIGNING_SECRET = 'lamplighter-sandbox-signing-secret';
export const DEMO_SIGNING_SECRET = 'lamplighter-demo-signing-secret';
export const PUBLISHED_SIGNING_SECRETS: readonly string[] = [SANDBOX_SIGNING_SECRET, DEMO_SIGNING_SECRET];

/** Where local servers listen unless told otherwise: this machine only. */
export const LOOPBACK = '127.0.0.1';

/** Whether only this machine can reach `host`: 127.0.0.0/8, ::1, or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::ffff:127.0.0.1';
}
