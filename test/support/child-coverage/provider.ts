import { rm } from 'node:fs/promises';
import path from 'node:path';
import v8 from '@vitest/coverage-v8';
import type { CoverageMap } from 'istanbul-lib-coverage';
import type { CoverageProviderModule } from 'vitest/node';
import { childCoverage, childCoverageDirs, childCoverageEnv, countsOnto } from './child-coverage.js';

/**
 * vitest's V8 coverage, plus the code that ran in the child processes the tests started: the server
 * (src/main.ts) and the CLIs run only there. Children inherit the environment set when coverage is
 * initialized (before any worker starts); their coverage is added to vitest's map before the reports.
 */
const provider: CoverageProviderModule = {
  ...v8,
  async getProvider() {
    const provider = await v8.getProvider();
    const { initialize, generateCoverage } = provider;
    // Inside the reports directory, which vitest empties when coverage starts.
    const dirs = () => childCoverageDirs(path.join(provider.resolveOptions().reportsDirectory, '.children'));
    provider.initialize = async (ctx) => {
      await initialize.call(provider, ctx);
      Object.assign(process.env, childCoverageEnv(dirs(), process.env.NODE_OPTIONS));
    };
    provider.generateCoverage = async (context) => {
      const map = (await generateCoverage.call(provider, context)) as CoverageMap;
      const { parseAstAsync } = await import('vitest/node');
      // Every included file is in vitest's map (those no test ran with zero counts).
      const mapped = new Set(map.files());
      for (const [file, data] of Object.entries(await childCoverage(dirs(), parseAstAsync))) {
        if (mapped.has(file)) map.merge({ [file]: countsOnto(map.fileCoverageFor(file).data, data) });
      }
      await rm(path.dirname(dirs().v8), { recursive: true, force: true });
      return map;
    };
    return provider;
  },
};

export default provider;
