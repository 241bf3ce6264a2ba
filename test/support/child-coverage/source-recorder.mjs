// Module hooks (registered by child-hook.mjs): writes the code of each src/ module as V8 runs it,
// one file per module under <sourcesDir>/<pid>/.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const srcUrl = new URL('../../../src/', import.meta.url).href;
let processDir;

export function initialize({ sourcesDir }) {
  processDir = path.join(sourcesDir, String(process.pid));
  mkdirSync(processDir, { recursive: true });
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (url.startsWith(srcUrl) && result.source != null) {
    const name = `${createHash('sha1').update(url).digest('hex')}.json`;
    writeFileSync(path.join(processDir, name), JSON.stringify({ url, source: String(result.source) }));
  }
  return result;
}
