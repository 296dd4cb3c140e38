/**
 * Membership by consent. An alliance asks a registered firm to join it; the firm's admin (or the
 * platform admin) accepts or refuses. Until it accepts, the alliance knows the firm by name and
 * credit code only: every alliance-scoped read goes through `alliance_members`, which holds
 * accepted memberships alone. From the join on the alliance reads the firm's reports — those
 * from before stay with the alliances that were members then, unless the firm shares its
 * history. The firm may leave, the alliance may remove it; neither deletes anything but the
 * membership (and the alliance's commissioner assignment). Each step is one audited transaction,
 * recorded in the log of the alliance concerned.
 */
import { can } from '../../core/auth/policy';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import { toEnterprise } from '../enterprises/enterprises.presenter';
import * as enterprises from '../enterprises/enterprises.repository';
import type { EnterpriseResponse, UpdateMembershipBody } from '../enterprises/enterprises.schema';
import { getVisibleEnterprise } from '../enterprises/enterprises.service';
import { notifyingTransaction, type Outbox } from '../notifications/outbox';
import { raise } from '../notifications/notifications.service';
import * as repo from './memberships.repository';
import type { FirmMemberships, ListRequestsQuery, MembershipRequestResponse } from './memberships.schema';

function toRequest(r: repo.RequestRow): MembershipRequestResponse {
  return {
    id: r.id,
    status: r.status as MembershipRequestResponse['status'],
    alliance: { id: r.alliance_id, name: r.alliance_name },
    enterprise: { id: r.enterprise_id, name: r.enterprise_name, creditCode: r.credit_code },
    requestedBy: r.requested_by_name ?? null,
    requestedAt: r.requested_at,
    decidedAt: r.decided_at,
  };
}

/** The firms whose requests and memberships the actor decides: null = every firm (platform admin). */
function firmsOf(ctx: Ctx): number[] | null {
  if (ctx.actor.roles.has('platform_admin')) return null;
  return [...new Set(ctx.actor.grants.filter((g) => g.role === 'enterprise_admin' && g.enterpriseId !== null).map((g) => g.enterpriseId as number))];
}

function assertFirm(ctx: Ctx, enterpriseId: number): void {
  // "Not yours" and "not there" are one answer.
  if (!can(ctx.actor, 'membership.firm', { kind: 'firm', id: enterpriseId })) throw notFound();
}

// The alliance's side ---------------------------------------------------------------------------

/**
 * Asks the firm with this credit code to join the current alliance. Asking again while a request
 * is open is refused (`join_request_pending`); after a refusal the alliance may ask again.
 */
export async function requestJoin(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, creditCode: string): Promise<MembershipRequestResponse> {
  const allianceId = tenantOf(ctx);
  const [found] = await enterprises.findByCreditCodes(trx, [creditCode]);
  if (!found) throw new AppError('validation_failed', {}, [{ path: 'creditCode', code: 'credit_code_unknown', params: { creditCode } }]);
  if (await enterprises.findMembership(trx, allianceId, found.id)) throw new AppError('already_member', {}, [{ path: 'creditCode', code: 'already_member' }]);
  if (await repo.findPendingRequest(trx, allianceId, found.id)) throw joinPending();
  const now = deps.clock.now();
  let id: number;
  try {
    id = await repo.insertRequest(trx, { alliance_id: allianceId, enterprise_id: found.id, requested_by: ctx.actor.userId, requested_at: now.toISOString() });
  } catch (err) {
    // Two requests at once: the partial unique index lets one through.
    if (isUniqueViolation(err)) throw joinPending();
    throw err;
  }
  const request = (await repo.findRequest(trx, id))!;
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'membership.request', targetType: 'enterprise', targetId: found.id, detail: { requestId: id, creditCode } });
  // The firm's admins answer; a firm without one is answered by the platform admin.
  let recipients = await repo.firmAdmins(trx, found.id);
  if (!recipients.length) recipients = await repo.platformAdmins(trx);
  await raise(trx, outbox, {
    allianceId: null,
    kind: 'membership.requested',
    payload: { requestId: id, alliance: request.alliance_name, enterprise: request.enterprise_name },
    recipients,
    actorUserId: ctx.actor.userId,
    at: now,
  });
  return toRequest(request);
}

function joinPending() {
  return new AppError('join_request_pending', {}, [{ path: 'creditCode', code: 'join_request_pending' }]);
}

/** The current alliance's requests (name and credit code of each firm, nothing more). */
export async function listAllianceRequests(deps: Deps, ctx: Ctx, q: ListRequestsQuery) {
  const { items, total } = await repo.listRequests(deps.db, { allianceId: tenantOf(ctx), status: q.status }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toRequest), total, page: q.page, pageSize: q.pageSize };
}

/** Edits the alliance's own record of its member (notes), never the firm's shared identity. */
export async function updateMembership(deps: Deps, ctx: Ctx, enterpriseId: number, body: UpdateMembershipBody): Promise<EnterpriseResponse> {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const current = await getVisibleEnterprise(deps, ctx, enterpriseId, trx);
    if (!can(ctx.actor, 'membership.update', { kind: 'enterprise', id: enterpriseId })) throw new AppError('forbidden');
    if (current.member_version !== body.version) throw versionConflict(current.member_version);
    const changes = body.notes !== undefined ? { notes: body.notes } : {};
    if (!(await enterprises.updateMembership(trx, allianceId, enterpriseId, body.version, changes))) throw versionConflict(body.version + 1);
    const now = deps.clock.now();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'membership.update', targetType: 'enterprise', targetId: enterpriseId, detail: { fields: Object.keys(changes), fromVersion: body.version } });
    return toEnterprise(await getVisibleEnterprise(deps, ctx, enterpriseId, trx));
  });
}

/** The alliance ends its membership of the firm. */
export async function removeMember(deps: Deps, ctx: Ctx, enterpriseId: number, version: number): Promise<void> {
  const allianceId = tenantOf(ctx);
  await deps.db.transaction().execute(async (trx) => {
    const current = await getVisibleEnterprise(deps, ctx, enterpriseId, trx);
    await endMembership(trx, deps, ctx, allianceId, enterpriseId, version, current.member_version, 'membership.remove');
  });
}

async function endMembership(trx: Trx, deps: Deps, ctx: Ctx, allianceId: number, enterpriseId: number, version: number, currentVersion: number, action: string) {
  if (currentVersion !== version) throw versionConflict(currentVersion);
  if (!(await enterprises.deleteMembership(trx, allianceId, enterpriseId))) throw notFound();
  const now = deps.clock.now();
  await recordAudit(trx, { ...auditFrom(ctx, now), allianceId, action, targetType: 'enterprise', targetId: enterpriseId, detail: { fromVersion: version } });
}

// The firm's side -------------------------------------------------------------------------------

/** Firms the actor answers for, with their open requests (the platform admin: firms with any). */
export async function myFirms(deps: Deps, ctx: Ctx) {
  const rows = await repo.firmsWithPending(deps.db, firmsOf(ctx));
  return { items: rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, pendingRequests: Number(r.pending ?? 0) })) };
}

/** Requests addressed to the actor's firms (every firm for the platform admin); pending ones unless asked. */
export async function listFirmRequests(deps: Deps, ctx: Ctx, q: ListRequestsQuery) {
  const { items, total } = await repo.listRequests(deps.db, { enterpriseIds: firmsOf(ctx), status: q.status }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toRequest), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Accepts or refuses a request. Accepting makes the firm a member from now on: the alliance sees
 * its reports dated from today (Asia/Shanghai) — earlier ones only if the firm shares its history.
 */
export async function answerRequest(deps: Deps, ctx: Ctx, id: number, decision: 'accepted' | 'refused'): Promise<MembershipRequestResponse> {
  return notifyingTransaction(deps, async (trx, outbox) => {
    const request = await repo.findRequest(trx, id);
    if (!request) throw notFound();
    assertFirm(ctx, request.enterprise_id);
    if (request.status !== 'pending') throw new AppError('request_answered', { status: request.status });
    const now = deps.clock.now();
    const at = now.toISOString();
    if (!(await repo.decideRequest(trx, id, decision, ctx.actor.userId, at))) throw new AppError('request_answered', { status: 'answered' });
    if (decision === 'accepted') await enterprises.addMember(trx, request.alliance_id, request.enterprise_id, at, shanghaiDate(now));
    await recordAudit(trx, {
      ...auditFrom(ctx, now),
      allianceId: request.alliance_id,
      action: decision === 'accepted' ? 'membership.accept' : 'membership.refuse',
      targetType: 'enterprise',
      targetId: request.enterprise_id,
      detail: { requestId: id },
    });
    if (request.requested_by !== null) {
      await raise(trx, outbox, {
        allianceId: request.alliance_id,
        kind: 'membership.answered',
        payload: { requestId: id, enterprise: request.enterprise_name, decision },
        recipients: [request.requested_by],
        actorUserId: ctx.actor.userId,
        at: now,
      });
    }
    return toRequest((await repo.findRequest(trx, id))!);
  });
}

async function firmMembershipsOf(db: Executor, enterpriseId: number): Promise<FirmMemberships> {
  const firm = await enterprises.findIdentity(db, enterpriseId);
  if (!firm) throw notFound();
  const rows = await repo.firmMemberships(db, enterpriseId);
  return {
    enterprise: { id: firm.id, name: firm.name, creditCode: firm.credit_code },
    items: rows.map((r) => ({
      alliance: { id: r.alliance_id, name: r.alliance_name },
      joinedAt: r.joined_at,
      shareHistory: !!r.share_history,
      reportsFrom: r.reports_from === '' ? null : r.reports_from,
      registeredHere: r.registered_by_alliance_id === r.alliance_id,
      version: r.version,
    })),
  };
}

export async function listFirmMemberships(deps: Deps, ctx: Ctx, enterpriseId: number): Promise<FirmMemberships> {
  assertFirm(ctx, enterpriseId);
  return firmMembershipsOf(deps.db, enterpriseId);
}

/**
 * The firm shares (or stops sharing) its report history with one alliance. The alliance that
 * registered the firm has always seen it; for the others the first visible date is the join.
 */
export async function setShareHistory(deps: Deps, ctx: Ctx, enterpriseId: number, allianceId: number, body: { shareHistory: boolean; version: number }): Promise<FirmMemberships> {
  assertFirm(ctx, enterpriseId);
  return deps.db.transaction().execute(async (trx) => {
    const m = await enterprises.findMembership(trx, allianceId, enterpriseId);
    if (!m) throw notFound();
    if (m.version !== body.version) throw versionConflict(m.version);
    const firm = (await enterprises.findIdentity(trx, enterpriseId))!;
    const registered = firm.registered_by_alliance_id === allianceId;
    const reportsFrom = body.shareHistory || registered ? '' : shanghaiDate(new Date(m.joined_at));
    if (!(await enterprises.updateMembership(trx, allianceId, enterpriseId, body.version, { share_history: body.shareHistory ? 1 : 0, reports_from: reportsFrom }))) throw versionConflict(body.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), allianceId, action: 'membership.share_history', targetType: 'enterprise', targetId: enterpriseId, detail: { shareHistory: body.shareHistory } });
    return firmMembershipsOf(trx, enterpriseId);
  });
}

/** The firm leaves an alliance. Its accounts lose that alliance from their next request on. */
export async function leaveAlliance(deps: Deps, ctx: Ctx, enterpriseId: number, allianceId: number, version: number): Promise<FirmMemberships> {
  assertFirm(ctx, enterpriseId);
  return deps.db.transaction().execute(async (trx) => {
    const m = await enterprises.findMembership(trx, allianceId, enterpriseId);
    if (!m) throw notFound();
    await endMembership(trx, deps, ctx, allianceId, enterpriseId, version, m.version, 'membership.leave');
    return firmMembershipsOf(trx, enterpriseId);
  });
}
