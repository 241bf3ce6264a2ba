import { readFileSync, writeFileSync } from 'node:fs';
import { printSortedSchema } from '../src/graphql/schema.js';

/** `npm run schema:print` writes schema.graphql from the code; `npm run schema:check` fails when it is stale. */
const SCHEMA_FILE = new URL('../schema.graphql', import.meta.url);
const printed = printSortedSchema();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // A missing file is as stale as it gets.
  }
  if (current !== printed) {
    console.error('schema.graphql is out of date with the code: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(SCHEMA_FILE, printed);
  console.log('wrote schema.graphql');
}
