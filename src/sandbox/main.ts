import { z } from 'zod';
import { createLogger } from '../log.js';
import { startSandbox } from './server.js';

/** `npm run sandbox`: the Robaws sandbox as a process of its own, for benchmarks and manual tries. */
const envSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SANDBOX_CLIENTS: z.coerce.number().int().min(2).default(4017),
  SANDBOX_SEED: z.coerce.number().int().default(1),
  SANDBOX_LATENCY_MS: z.coerce.number().int().nonnegative().default(0),
});

async function main(): Promise<void> {
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    console.error(`Invalid sandbox settings: ${env.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    process.exit(1);
  }
  const sandbox = await startSandbox({
    port: env.data.SANDBOX_PORT,
    clients: env.data.SANDBOX_CLIENTS,
    seed: env.data.SANDBOX_SEED,
    latencyMs: env.data.SANDBOX_LATENCY_MS,
    logger: createLogger({ level: 'info' }).child({ component: 'sandbox' }),
  });
  const { username, password, clients } = sandbox.options;
  console.log(`Robaws sandbox with ${clients} clients at ${sandbox.url}/api/v2 (Basic auth ${username} / ${password})`);
  console.log(`Control API: ${sandbox.url}/__sandbox/{knobs,stats,stats/reset,clients/change,clients/<id>/delete,clients/<id>/restore}`);

  const stop = () => void sandbox.close().then(() => console.log('sandbox stopped'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
