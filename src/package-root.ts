import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of our package.json, looked up from this module's own place: the sources (src/), the
 * compiled files (dist/) and the bundled commands (dist/cli/*.js, one file each) sit at different depths
 * below it, so a path relative to `import.meta.url` would be right for only some of them.
 */
function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${start} or above it`);
  }
}

export const PACKAGE_ROOT = packageRootAbove(path.dirname(fileURLToPath(import.meta.url)));
