import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './errors.js';
import './nodes.js';
import './customer.js';
import './customer-mutations.js';
import './intake.js';
import './customer-options.js';
import './customer-stats.js';
import './duplicate-customers.js';
import './sync-run.js';
import './server-info.js';
import './webhook-event.js';
import './schedules.js';
import './viewer.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema.graphql, sorted so that it does not depend on declaration order. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
