/**
 * Idempotent creates. A client sends `Idempotency-Key` with every create; the first request
 * with a key runs and its answer is stored in the same transaction as the created rows. The
 * same key with the same body replays that answer (one row, same id); the same key with another
 * body is refused (422). Keys are per user, so two users can never collide.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../context';
import type { Trx } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { AppError } from '../errors';

export interface Created<T, S extends number = number> {
  status: S;
  body: T;
}

/** JSON with sorted keys, so logically equal bodies hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function idempotencyKeyOf(req: FastifyRequest): string {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError('idempotency_key_required', {}, [{ path: 'header.idempotency-key', code: 'required' }]);
  }
  return key;
}

/**
 * Runs `work` in one transaction together with recording its answer under the request's key.
 * `requestBody` is what makes two requests "the same": usually the validated body plus any
 * path parameters.
 */
export async function idempotent<T, S extends number>(
  deps: Deps,
  req: FastifyRequest,
  userId: number,
  requestBody: unknown,
  work: (trx: Trx) => Promise<Created<T, S>>,
): Promise<Created<T, S>> {
  const key = idempotencyKeyOf(req);
  const scope = `${req.method} ${req.routeOptions.url ?? req.url}`;
  const hash = createHash('sha256').update(scope).update('\n').update(canonical(requestBody)).digest('hex');

  const attempt = () =>
    deps.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response_json'])
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (existing) {
        if (existing.request_hash !== hash) throw new AppError('idempotency_key_reused');
        return { status: existing.status_code as S, body: JSON.parse(existing.response_json) as T };
      }
      const result = await work(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({
          user_id: userId,
          key,
          scope,
          request_hash: hash,
          status_code: result.status,
          response_json: JSON.stringify(result.body),
          created_at: deps.clock.now().toISOString(),
        })
        .execute();
      return result;
    });

  try {
    return await attempt();
  } catch (err) {
    // A concurrent request with the same key committed first: replay its answer.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}
