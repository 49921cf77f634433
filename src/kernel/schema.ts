import * as z from 'zod/mini';

/**
 * Schema helpers on zod's tree-shakable "mini" build: the full build bundles every locale
 * (~440 KiB), which would triple a notifier bundle for no runtime benefit.
 */

/** A string that may be absent or null; null reads as absent. */
export const optionalString = z.pipe(
  z.nullish(z.string()),
  z.transform((v) => v ?? undefined),
);

/** A number (or numeric string) that may be absent or null. */
export const optionalNumber = z.pipe(
  z.nullish(z.union([z.number(), z.string()])),
  z.transform((v) => {
    if (v === null || v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isNaN(n) ? undefined : n;
  }),
);

export const nonEmptyString = z.string().check(z.minLength(1));

/** A string, or a number read as its string (account ids sometimes arrive as numbers). */
export const stringish = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v) => String(v)),
);

/**
 * A lookup by own key only: untrusted text ("constructor", "__proto__") used as a key into a
 * table must find nothing, not one of Object's built-ins.
 */
export function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Any value from a payload as display text: a string as it is, anything else as (short) JSON, never a throw. */
export function asText(value: unknown, max = 500): string {
  if (typeof value === 'string') return value;
  try {
    return Array.from(JSON.stringify(value) ?? String(value))
      .slice(0, max)
      .join('');
  } catch {
    return '(unreadable)';
  }
}
