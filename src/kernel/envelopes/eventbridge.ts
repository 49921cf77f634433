import * as z from 'zod/mini';
import { optionalString, stringish } from '../schema';

/**
 * The EventBridge envelope, declared once. Each detail type extends it with its own `detail`
 * (and whatever else it requires): `z.extend(eventBridgeEnvelope, { 'detail-type': z.literal(…), detail })`.
 * Everything but `detail-type` is optional here, because events reach us in many wrappings.
 */
export const eventBridgeEnvelope = z.looseObject({
  'detail-type': z.string(),
  source: optionalString,
  id: optionalString,
  account: z.optional(stringish),
  region: optionalString,
  time: optionalString,
  resources: z.nullish(z.array(z.string())),
  detail: z.optional(z.unknown()),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;

/** The envelope of anything that looks like an EventBridge event, or undefined. */
export function eventBridgeEnvelopeOf(json: unknown): EventBridgeEnvelope | undefined {
  const parsed = eventBridgeEnvelope.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
