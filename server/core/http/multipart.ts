/**
 * Multipart uploads, read as streams only (`req.file()`: every upload route reads its one file into
 * memory, see files.routes.ts `readUpload`).
 *
 * `@fastify/multipart` also offers a disk mode (`req.saveRequestFiles()`, temporary files removed
 * when the answer is sent or the connection closes) and, for it, adds two async hooks to every
 * request of the server — one listening for the connection's close, one removing temporary files
 * after the answer — two promises and a listener per request, upload or not, for files this
 * platform never writes. Registered through this, the plugin is the same less those two hooks, and
 * `saveRequestFiles` refuses to run (so the disk mode cannot be used without its clean-up).
 */
import fastifyMultipart, { type FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** The disk mode's per-request hooks, left out. */
const DISK_MODE_HOOKS: ReadonlySet<string> = new Set(['onRequest', 'onResponse']);

function diskModeUnavailable(): never {
  throw new Error('saveRequestFiles is not available: uploads are read as streams (core/http/multipart.ts)');
}

export async function registerStreamMultipart(app: FastifyInstance, options: FastifyMultipartOptions): Promise<void> {
  // The plugin sees the server itself, except that the disk mode's hooks are not added and its
  // `saveRequestFiles` decorator is one that refuses.
  const facade = new Proxy(app, {
    get(target, key) {
      if (key === 'addHook') {
        return (name: string, ...rest: unknown[]) => (DISK_MODE_HOOKS.has(name) ? facade : (target.addHook as (...a: unknown[]) => unknown)(name, ...rest));
      }
      if (key === 'decorateRequest') {
        return (name: string, value: unknown, deps?: string[]) => target.decorateRequest(name, name === 'saveRequestFiles' ? diskModeUnavailable : value, deps);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  await new Promise<void>((resolve, reject) => {
    try {
      (fastifyMultipart as unknown as (f: FastifyInstance, o: FastifyMultipartOptions, done: (err?: Error) => void) => void)(facade, options, (err) => (err ? reject(err) : resolve()));
    } catch (err) {
      reject(err as Error);
    }
  });
}
