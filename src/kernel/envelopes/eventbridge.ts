import * as z from 'zod/mini';
import { optionalString } from '../schema';

/** An account id, as a string, a number, or absent (null reads as absent). */
const optionalStringish = z.pipe(
  z.nullish(z.union([z.string(), z.number()])),
  z.transform((v) => (v === null || v === undefined ? undefined : String(v))),
);

/**
 * The EventBridge envelope, declared once. Each detail type extends it with its own `detail`
 * (and whatever else it requires): `z.extend(eventBridgeEnvelope, { 'detail-type': z.literal(…), detail })`.
 * Everything but `detail-type` is optional here, because events reach us in many wrappings.
 */
export const eventBridgeEnvelope = z.looseObject({
  'detail-type': z.string(),
  source: optionalString,
  id: optionalString,
  account: z.optional(optionalStringish),
  region: optionalString,
  time: optionalString,
  resources: z.nullish(z.array(z.string())),
  detail: z.optional(z.unknown()),
});
