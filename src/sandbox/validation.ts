import { z } from 'zod';
import type { JsonObject } from './json.js';

/**
 * The checks the sandbox makes before it stores a client, standing in for Robaws' own validation
 * (assumed: Robaws' rules are not published; these are the ones any CRM makes).
 */
const optionalText = z.string({ error: 'must be a string' }).nullish();

const clientRulesSchema = z.looseObject({
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  email: z.string({ error: 'must be a string' }).regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address').nullish(),
  tel: optionalText,
  gsm: optionalText,
  website: optionalText,
  vatNumber: optionalText,
  language: z.string({ error: 'must be a string' }).regex(/^[a-z]{2}$/i, 'must be a two-letter language code').nullish(),
  currency: z.string({ error: 'must be a string' }).regex(/^[a-z]{3}$/i, 'must be a three-letter currency code').nullish(),
  clientType: z.enum(['company', 'person'], { error: 'must be "company" or "person"' }).nullish(),
  isActive: z.boolean({ error: 'must be true or false' }).nullish(),
  address: z
    .looseObject(
      {
        addressLine1: optionalText,
        addressLine2: optionalText,
        street: optionalText,
        streetNumber: optionalText,
        postalCode: optionalText,
        city: optionalText,
        country: optionalText,
        countryCode: z.string({ error: 'must be a string' }).regex(/^[a-z]{2}$/i, 'must be a two-letter country code').nullish(),
      },
      { error: 'must be an object' },
    )
    .nullish(),
  extraFields: z
    .record(
      z.string(),
      z.looseObject({ type: optionalText, group: optionalText, stringValue: optionalText }, { error: 'must be an object' }),
      { error: 'must be an object' },
    )
    .nullish(),
});

export interface FieldError {
  field: string;
  message: string;
}

export function validateClient(client: JsonObject): FieldError[] {
  const result = clientRulesSchema.safeParse(client);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}
