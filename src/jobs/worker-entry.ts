import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = import.meta.url.endsWith('.js');

/**
 * Where a worker thread's code is, relative to src/ (or dist/): the compiled .js in production; from
 * TypeScript sources (tests, tsx), a small .mjs that loads the .ts through tsx, whose loader does not
 * reach worker threads by itself.
 */
export function workerEntry(relative: string): { path: string; workerData: { tsJobPath?: string } } {
  const base = path.join(here, '..', relative);
  return compiled
    ? { path: `${base}.js`, workerData: {} }
    : { path: path.join(here, 'ts-bootstrap.mjs'), workerData: { tsJobPath: `${base}.ts` } };
}
