/**
 * Starting worker threads from TypeScript sources. Under tsx (development, tests, `npm start`)
 * a worker must load its entry through tsx too; Node 20 ignores `--import` in a worker's
 * execArgv, so the worker starts from a one-line bootstrap that imports the entry with tsx's
 * namespaced `tsImport`. A compiled build loads the `.js` entry directly.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // Runners without import.meta.resolve: tsx ships the ESM API next to the CJS one.
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  }
}

/** Starts `entry` (a `.ts` or `.js` module URL) as a worker thread with `workerData`. */
export function startWorker(entry: URL, workerData: unknown): Worker {
  if (!/\.ts(\?.*)?$/.test(entry.href)) return new Worker(entry, { workerData });
  const href = entry.href;
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl())})` +
    `.then((api) => api.tsImport(${JSON.stringify(href)}, ${JSON.stringify(href)}))` +
    '.catch((err) => { process.nextTick(() => { throw err; }); });';
  return new Worker(bootstrap, { eval: true, execArgv: ['--import', 'tsx'], workerData });
}

/** The sibling module of `base` named `name` with base's extension (.ts from source, .js built). */
export function siblingModule(base: string, name: string): URL {
  const ext = /\.ts(\?.*)?$/.test(base) ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, base);
}
