import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createRuntime } from '../src/runtime.js';

/**
 * One full sync with the server's own runtime, printing as JSON its time, where the time went (the
 * engine's own phase timings, from its "sync succeeded" line) and this process's peak RSS.
 */
const config = loadConfig();
let timingsMs: Record<string, number> = {};
const logger = createLogger({
  level: 'info',
  destination: (line) => {
    const entry = JSON.parse(line) as { msg?: string; timingsMs?: Record<string, number> };
    if (entry.msg === 'sync succeeded' && entry.timingsMs) timingsMs = entry.timingsMs;
  },
});
const runtime = await createRuntime(config, logger, { role: 'cli' });
const started = performance.now();
const { run } = await runtime.sync.run({ kind: 'FULL', trigger: 'CLI' });
const ms = performance.now() - started;
await runtime.close();
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ ms, maxRssMb, timingsMs, fetched: run.fetched, created: run.created, unchanged: run.unchanged, status: run.status }));
