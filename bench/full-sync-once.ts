import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createRuntime } from '../src/runtime.js';

/** One full sync with the server's own runtime, printing its time and this process's peak RSS as JSON. */
const config = loadConfig();
const runtime = await createRuntime(config, createLogger({ level: config.log.level }), { role: 'cli' });
const started = performance.now();
const { run } = await runtime.sync.run({ kind: 'FULL', trigger: 'CLI' });
const ms = performance.now() - started;
await runtime.close();
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ ms, maxRssMb, fetched: run.fetched, created: run.created, status: run.status }));
