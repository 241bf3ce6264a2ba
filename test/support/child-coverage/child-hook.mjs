// Preloaded through NODE_OPTIONS while `npm run test:coverage` runs. In a process started as
// `node --import tsx ...` (the server and the CLIs the tests start), it keeps the code tsx hands to V8,
// so that the V8 coverage that process writes (NODE_V8_COVERAGE) can be read against that code. Every
// other process (vitest and its workers) is left alone.
import { register } from 'node:module';

const sourcesDir = process.env.CHILD_COVERAGE_SOURCES;
const args = process.execArgv;
const runsTsx = args.some((arg, index) => arg === '--import=tsx' || (arg === '--import' && args[index + 1] === 'tsx'));

if (sourcesDir && runsTsx) {
  // tsx first, then the recorder: hooks registered later run first, so the recorder sees tsx's output.
  await import('tsx');
  register('./source-recorder.mjs', import.meta.url, { data: { sourcesDir } });
}
