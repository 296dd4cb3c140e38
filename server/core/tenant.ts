import type { Ctx } from './context';
import { AppError } from './errors';

/** The alliance a request works in, from the session. No alliance selected reads as "not found". */
export function tenantOf(ctx: Ctx): number {
  if (ctx.actor.allianceId === null) throw new AppError('not_found');
  return ctx.actor.allianceId;
}
