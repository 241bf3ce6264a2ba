import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../src/graphql/schema.js';

describe('schema.graphql', () => {
  it('is the schema printed from the code (run `npm run schema:print` after changing it)', () => {
    const checkedIn = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSortedSchema()).toBe(checkedIn);
  });
});
