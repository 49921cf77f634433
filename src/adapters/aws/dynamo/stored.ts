import * as z from 'zod/mini';
import { LamplighterError } from '../../../kernel/errors';

/**
 * Stored records are read back through a schema, not a cast: a record that does not match
 * (written by another version, edited by hand) fails loudly, naming its key.
 */
export function readStored<T>(schema: z.ZodMiniType<T>, item: unknown, key: string): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    throw new LamplighterError('state_unreadable', `the stored record ${key} does not read back${where}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** A JSON document kept in one string attribute, read back through its schema. */
export function readStoredJson<T>(schema: z.ZodMiniType<T>, text: unknown, key: string): T {
  let json: unknown;
  try {
    json = JSON.parse(String(text));
  } catch (err) {
    throw new LamplighterError('state_unreadable', `the stored record ${key} is not JSON`, { cause: err });
  }
  return readStored(schema, json, key);
}

export const isoDate = z.pipe(
  z.string(),
  z.transform((v) => new Date(v)),
);
export const optionalIsoDate = z.optional(isoDate);
