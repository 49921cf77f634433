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
