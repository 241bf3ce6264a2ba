import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './errors.js';
import './customer.js';
import './sync-run.js';
import './server-info.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema.graphql, sorted so that it does not depend on declaration order. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
