import { ConfigError, loadConfig } from './config.js';

/**
 * `node dist/healthcheck.js`: the container's HEALTHCHECK. Exits 0 when this configuration's server
 * answers 200 on /healthz, 1 otherwise. A server listening on every address is asked on loopback.
 */

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
const TIMEOUT_MS = 5_000;

async function main(): Promise<number> {
  const { http } = loadConfig();
  const host = WILDCARD_HOSTS.has(http.host) ? '127.0.0.1' : http.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${http.port}/healthz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.ok) return 0;
    console.error(`${url} answered ${response.status}`);
  } catch (error) {
    console.error(`${url} did not answer: ${(error as Error).message}`);
  }
  return 1;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
