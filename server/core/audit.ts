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

const auditRow = (e: AuditEntry) => ({
  at: e.at.toISOString(),
  actor_user_id: e.actorUserId,
  alliance_id: e.allianceId,
  action: e.action,
  target_type: e.targetType,
  target_id: e.targetId === null ? null : String(e.targetId),
  request_id: e.requestId,
  detail_json: JSON.stringify(e.detail ?? {}),
});

export async function recordAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(e)).execute();
}

/** Many audit rows at once (a bulk operation: one row per record it changed), in multi-row inserts. */
export async function recordAudits(db: Executor, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_BATCH) await db.insertInto('audit_log').values(entries.slice(i, i + AUDIT_BATCH).map(auditRow)).execute();
}

/** Rows per multi-row insert: 8 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const AUDIT_BATCH = 500;

/** Audit entry fields taken from a request context. */
export function auditFrom(ctx: { actor: { userId: number; allianceId: number | null } | null; requestId: string | null }, at: Date) {
  return { actorUserId: ctx.actor?.userId ?? null, allianceId: ctx.actor?.allianceId ?? null, requestId: ctx.requestId, at };
}
