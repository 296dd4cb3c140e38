/**
 * The response serializer: every answer is encoded through its route's zod schema (unknown keys
 * dropped, a value off the contract refused with a 500) and written as JSON — as
 * `fastify-type-provider-zod`'s serializer does, which this wraps.
 *
 * Encoding through zod is the most expensive step of a small answer (about a third of the server's
 * JavaScript time on a signed-in `GET /api/session`). An answer that cannot change — deep-frozen and
 * marked by `immutableResponse` (the health answer, a session as presented until anything it is
 * built from changes) — is encoded once per route: its JSON text is kept beside the object
 * (a WeakMap, gone with the object) and sent again as it is. Everything else is encoded every time.
 */
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';

const immutable = new WeakSet<object>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * Freezes `value` through and through and marks it as an answer whose JSON may be kept: the same
 * object always encodes to the same text. Returns `value`.
 */
export function immutableResponse<T extends object>(value: T): T {
  deepFreeze(value);
  immutable.add(value);
  return value;
}

export const serializerCompiler: typeof zodSerializerCompiler = (route) => {
  const encode = zodSerializerCompiler(route);
  const texts = new WeakMap<object, string>();
  return (data: unknown) => {
    if (typeof data !== 'object' || data === null || !immutable.has(data)) return encode(data);
    let text = texts.get(data);
    if (text === undefined) {
      text = encode(data);
      texts.set(data, text);
    }
    return text;
  };
};
