/**
 * The audit log: every write records who, in which alliance, did what to which record, when,
 * under which request id. Written inside the same transaction as the change it describes, so a
 * change without its audit row cannot exist. The table refuses updates and deletes.
 */
import type { Executor } from './db/database';

export interface AuditEntry {
  actorUserId: number | null;
  allianceId: number | null;
  action: string; // e.g. enterprise.create
  targetType: string;
  targetId: string | number | null;
  requestId: string | null;
  detail?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at.toISOString(),
      actor_user_id: e.actorUserId,
      alliance_id: e.allianceId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId === null ? null : String(e.targetId),
      request_id: e.requestId,
      detail_json: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

/** Audit entry fields taken from a request context. */
export function auditFrom(ctx: { actor: { userId: number; allianceId: number | null } | null; requestId: string | null }, at: Date) {
  return { actorUserId: ctx.actor?.userId ?? null, allianceId: ctx.actor?.allianceId ?? null, requestId: ctx.requestId, at };
}
