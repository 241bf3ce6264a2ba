import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One log file per run for every test process and the servers and CLIs they start (test/support/run-log.ts).
process.env.TEST_RUN_LOG ??= path.join(tmpdir(), `robaws-sync-test-run-${process.pid}.log`);

// .ci/run's gate sets TEST_GATE: each project then also runs its fixture from test/gate/, which fails
// in the project the gate names. Outside the gate the fixtures are never collected.
const gateFixture = (project: string) => (process.env.TEST_GATE ? [`test/gate/${project}.gate.ts`] : []);

// Unit tests are pure and fast; integration tests get one real Postgres for the whole run (global
// setup) and a database of their own per file, cloned from a migrated template. Browser tests drive the
// admin page (built once first) in headless Chromium against real server processes, with Postgres as
// the integration tests have it.
export default defineConfig({
  // graphql ships both ESM and CJS; one copy for every importer, or its realm check fails.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    env: { TZ: 'UTC' },
    // `npm run test:coverage`: V8 coverage of src/, the child processes' included (test/support/child-coverage/).
    coverage: {
      provider: 'custom',
      customProviderModule: 'test/support/child-coverage/provider.ts',
      include: ['src/**/*.ts'],
      exclude: ['src/generated/**'],
      reporter: ['text-summary', 'json-summary', 'html'],
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', ...gateFixture('unit')],
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', ...gateFixture('integration')],
          globalSetup: ['test/support/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', ...gateFixture('browser')],
          globalSetup: ['test/support/global-setup.ts', 'test/support/admin-build.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
