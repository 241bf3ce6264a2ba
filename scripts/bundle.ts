import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `npm run bundle -- FOLDER`: what production runs, in a folder of its own: the compiled code (dist/,
 * built just before), the migrations, the lock file, and a package.json whose scripts are only those
 * that run compiled code (no install hook: there is nothing to generate or compile there) and no
 * development packages. Then, in FOLDER: `npm ci --omit=dev` and `node dist/main.js`. The Dockerfile
 * and the production-start test (test/integration/production-start.test.ts) run exactly these commands.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
/** The scripts kept: the ones that run the compiled code (`npm start`, the CLIs). */
const COMPILED_SCRIPT = /^exec node dist\//;

interface PackageJson {
  scripts: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Without devDependencies: `npm ci --omit=dev` would otherwise still install the optional peers of
 * production packages that development packages ask for (prisma and typescript, peers of @prisma/client).
 */
function productionPackageJson({ devDependencies: _development, ...source }: PackageJson): PackageJson {
  return { ...source, scripts: Object.fromEntries(Object.entries(source.scripts).filter(([, command]) => COMPILED_SCRIPT.test(command))) };
}

async function bundle(target: string): Promise<void> {
  const existing = await readdir(target).catch(() => []);
  if (existing.length > 0) throw new Error(`${target} is not empty: bundle into a new or empty folder`);
  await mkdir(target, { recursive: true });
  await cp(path.join(ROOT, 'dist'), path.join(target, 'dist'), { recursive: true, filter: (file) => !file.endsWith('.tsbuildinfo') });
  await cp(path.join(ROOT, 'prisma', 'migrations'), path.join(target, 'prisma', 'migrations'), { recursive: true });
  await cp(path.join(ROOT, 'package-lock.json'), path.join(target, 'package-lock.json'));
  const packageJson = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  await writeFile(path.join(target, 'package.json'), `${JSON.stringify(productionPackageJson(packageJson), null, 2)}\n`);
}

const [target] = process.argv.slice(2);
if (!target) {
  console.error('Usage: npm run bundle -- FOLDER   (a new or empty folder)');
  process.exit(2);
}
await bundle(path.resolve(target));
console.log(`Bundled into ${path.resolve(target)}. There: npm ci --omit=dev, then node dist/main.js`);
