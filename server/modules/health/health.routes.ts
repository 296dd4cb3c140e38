import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../core/context';
import { AppError } from '../../core/errors';
import { immutableResponse } from '../../core/http/serializer';

const HealthResponse = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

/** Liveness plus a round trip to the database, for load balancers and `npm start` smoke checks. */
export function healthRoutes(app: FastifyInstance, deps: Deps): void {
  // Compiled once: building and compiling even `select 1` is a measurable share of this route.
  const ping = sql`select 1`.compile(deps.db);
  // One answer object, so its JSON is encoded once (core/http/serializer.ts).
  const ok = immutableResponse({ status: 'ok' as const, database: deps.dialect });
  app.get('/health', { config: { policy: 'public' }, schema: { tags: ['system'], response: { 200: HealthResponse } } }, async () => {
    try {
      await deps.db.executeQuery(ping);
    } catch {
      throw new AppError('unavailable');
    }
    return ok;
  });
}
