import { z } from 'zod';

/**
 * Shapes of the Robaws REST API v2 resources we use (see docs/robaws-api.md).
 * Objects are loose: Robaws may send fields we do not model, and the raw record is kept as received.
 */

const optionalText = z.string().nullish();

export const robawsAddressSchema = z.looseObject({
  addressLine1: optionalText,
  addressLine2: optionalText,
  street: optionalText,
  streetNumber: optionalText,
  postalCode: optionalText,
  city: optionalText,
  country: optionalText,
  countryCode: optionalText,
});
export type RobawsAddress = z.infer<typeof robawsAddressSchema>;

/** One custom field value, e.g. `extraFields.Role = {type: "SELECT", group: null, stringValue: "FORWARDER"}`. */
export const robawsExtraFieldSchema = z.looseObject({
  type: optionalText,
  group: optionalText,
  name: optionalText,
  stringValue: optionalText,
  textValue: optionalText,
  value: z.unknown().optional(),
});
export type RobawsExtraField = z.infer<typeof robawsExtraFieldSchema>;

/** Robaws client ids are numbers; we keep them as strings everywhere, as they are stored and compared as text. */
export const robawsClientIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export const robawsClientSchema = z.looseObject({
  id: robawsClientIdSchema,
  name: optionalText,
  email: optionalText,
  tel: optionalText,
  gsm: optionalText,
  website: optionalText,
  vatNumber: optionalText,
  language: optionalText,
  currency: optionalText,
  clientType: optionalText,
  street: optionalText,
  streetNumber: optionalText,
  countryCode: optionalText,
  isActive: z.boolean().nullish(),
  address: robawsAddressSchema.nullish(),
  extraFields: z.record(z.string(), robawsExtraFieldSchema).nullish(),
  createdAt: z.iso.datetime({ offset: true }).nullish(),
  updatedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type RobawsClient = z.infer<typeof robawsClientSchema>;

/**
 * The list envelope. Items are checked one by one (see `parseClientPage` in client.ts) so that one
 * malformed record is reported with its id instead of failing a whole page.
 */
export const robawsPageEnvelopeSchema = z.looseObject({
  items: z.array(z.unknown()),
  totalItems: z.number().int().nonnegative(),
  page: z.number().int().nonnegative().optional(),
  size: z.number().int().positive().optional(),
});

export const robawsWebhookEndpointSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  url: z.string(),
  events: z.array(z.string()),
  secret: z.string().optional(),
});
export type RobawsWebhookEndpoint = z.infer<typeof robawsWebhookEndpointSchema>;

export const CLIENT_EVENT_TYPES = ['client.created', 'client.updated'] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

/** A webhook delivery body: `{id, event, data}`. */
export const robawsWebhookDeliverySchema = z.object({
  id: z.string().min(1),
  event: z.string().min(1),
  data: z.looseObject({ id: robawsClientIdSchema }),
});
export type RobawsWebhookDelivery = z.infer<typeof robawsWebhookDeliverySchema>;

/** Body of a client update: the fields we push, in Robaws' names (JSON Merge Patch semantics). */
export interface RobawsClientPatch {
  name?: string | null;
  email?: string | null;
  tel?: string | null;
  gsm?: string | null;
  vatNumber?: string | null;
  website?: string | null;
  language?: string | null;
  currency?: string | null;
  address?: {
    street?: string | null;
    streetNumber?: string | null;
    postalCode?: string | null;
    city?: string | null;
    country?: string | null;
    countryCode?: string | null;
  } | null;
}

/** RFC 6902 operation; `test` states the value a field must still have for the patch to apply. */
export type JsonPatchOperation =
  | { op: 'test' | 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };
