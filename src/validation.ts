import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Parses input with a zod schema; a failure is a ValidationError with one message per field (dotted paths). */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

/** The fields a client gave: GraphQL leaves out omitted input fields, zod wants no keys for them rather than `undefined`. */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
