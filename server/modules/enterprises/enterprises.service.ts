/**
 * The member registry: create, edit, list, import and export member enterprises of the
 * current alliance. One business operation is one transaction, with its audit row inside it.
 */
import { can } from '../../core/auth/policy';
import { recordAudit, recordAudits, auditFrom } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import type { EnterpriseUpdate } from '../../core/db/schema';
import { AppError, notFound, versionConflict } from '../../core/errors';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import * as repo from './enterprises.repository';
import { toEnterprise } from './enterprises.presenter';
import { divisionMismatch } from './enterprises.schema';
import type { CreateEnterpriseBody, EnterpriseResponse, ListEnterprisesQuery, UpdateEnterpriseBody } from './enterprises.schema';

export const today = (deps: Deps) => shanghaiDate(deps.clock.now());

function filterFor(deps: Deps, ctx: Ctx, q: Partial<ListEnterprisesQuery>): repo.EnterpriseFilter {
  const allianceId = tenantOf(ctx);
  return {
    allianceId,
    today: today(deps),
    q: q.q || undefined,
    districtCode: q.districtCode,
    industry: q.industry,
    industryDivision: q.industryDivision,
    aboveDesignatedSize: q.aboveDesignatedSize,
    ownership: q.ownership,
    stage: q.stage,
    onlyIds: q.mine ? ctx.actor.caseload : undefined,
  };
}

export async function listEnterprises(deps: Deps, ctx: Ctx, q: ListEnterprisesQuery) {
  const { items, total } = await repo.listEnterprises(deps.db, filterFor(deps, ctx, q), {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    sort: q.sort,
    order: q.order,
  });
  return { items: items.map(toEnterprise), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Loads an enterprise the actor may see in the current alliance, or fails with 404. Its latest
 * report is one the alliance may see (from its join on, unless history is shared); the firm's
 * own accounts see all of their own.
 */
export async function getVisibleEnterprise(deps: Deps, ctx: Ctx, id: number, db: Executor = deps.db) {
  const row = await repo.findEnterprise(db, tenantOf(ctx), id, today(deps), ctx.actor.enterpriseIds.includes(id));
  if (!row || !can(ctx.actor, 'enterprise.read', { kind: 'enterprise', id })) throw notFound();
  return row;
}

export async function getEnterprise(deps: Deps, ctx: Ctx, id: number): Promise<EnterpriseResponse> {
  return toEnterprise(await getVisibleEnterprise(deps, ctx, id));
}

function creditCodeTaken(creditCode: string) {
  return new AppError('credit_code_taken', { creditCode }, [{ path: 'creditCode', code: 'credit_code_taken', params: { creditCode } }]);
}

function toRow(b: Omit<UpdateEnterpriseBody, 'version'>): EnterpriseUpdate {
  const row: EnterpriseUpdate = {};
  if (b.name !== undefined) row.name = b.name;
  if (b.creditCode !== undefined) row.credit_code = b.creditCode;
  if (b.industry !== undefined) row.industry = b.industry;
  if (b.districtCode !== undefined) row.district_code = b.districtCode;
  if (b.headcount !== undefined) row.headcount = b.headcount;
  if (b.mainProducts !== undefined) row.main_products = b.mainProducts;
  if (b.address !== undefined) row.address = b.address;
  if (b.annualOutputFen !== undefined) row.annual_output_fen = b.annualOutputFen;
  if (b.contacts !== undefined) row.contacts_json = JSON.stringify(b.contacts);
  if (b.aboveDesignatedSize !== undefined) row.above_designated_size = b.aboveDesignatedSize ? 1 : 0;
  if (b.industryDivision !== undefined) row.industry_division = b.industryDivision;
  if (b.ownership !== undefined) row.ownership = b.ownership;
  return row;
}

/** Inserts enterprises and their alliance membership; the caller owns the transaction. */
export async function insertMembers(trx: Trx, deps: Deps, ctx: Ctx, bodies: readonly CreateEnterpriseBody[], action: string): Promise<number[]> {
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  const at = now.toISOString();
  let ids: number[];
  try {
    ids = await repo.insertEnterprises(
      trx,
      bodies.map((body) => ({
        name: body.name,
        credit_code: body.creditCode,
        industry: body.industry,
        district_code: body.districtCode,
        headcount: body.headcount,
        main_products: body.mainProducts,
        address: body.address,
        annual_output_fen: body.annualOutputFen,
        contacts_json: JSON.stringify(body.contacts),
        above_designated_size: body.aboveDesignatedSize ? 1 : 0,
        industry_division: body.industryDivision,
        ownership: body.ownership,
        registered_by_alliance_id: allianceId,
        created_at: at,
        updated_at: at,
      })),
    );
  } catch (err) {
    // Checked before, so only a concurrent registration of the same code gets here.
    if (isUniqueViolation(err)) throw bodies.length === 1 ? creditCodeTaken(bodies[0]!.creditCode) : new AppError('registry_changed');
    throw err;
  }
  await repo.addMembers(trx, allianceId, ids, at);
  await recordAudits(trx, ids.map((id, i) => ({ ...auditFrom(ctx, now), action, targetType: 'enterprise', targetId: id, detail: { name: bodies[i]!.name, creditCode: bodies[i]!.creditCode } })));
  return ids;
}

export async function createEnterprise(trx: Trx, deps: Deps, ctx: Ctx, body: CreateEnterpriseBody): Promise<EnterpriseResponse> {
  const existing = await repo.findByCreditCodes(trx, [body.creditCode]);
  if (existing.length) throw creditCodeTaken(body.creditCode);
  const [id] = await insertMembers(trx, deps, ctx, [body], 'enterprise.create');
  return toEnterprise((await repo.findEnterprise(trx, tenantOf(ctx), id!, today(deps)))!);
}

/** Edits the firm's shared identity: for its own admin and the platform admin (policy). */
export async function updateEnterprise(deps: Deps, ctx: Ctx, id: number, body: UpdateEnterpriseBody): Promise<EnterpriseResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await getVisibleEnterprise(deps, ctx, id, trx);
    if (!can(ctx.actor, 'enterprise.update', { kind: 'enterprise', id })) throw new AppError('forbidden');
    if (current.version !== body.version) throw versionConflict(current.version);
    const { version, ...fields } = body;
    if (fields.creditCode && fields.creditCode !== current.credit_code) {
      const clash = await repo.findByCreditCodes(trx, [fields.creditCode]);
      if (clash.length) throw creditCodeTaken(fields.creditCode);
    }
    const division = fields.industryDivision !== undefined ? fields.industryDivision : current.industry_division;
    if (divisionMismatch(fields.industry ?? current.industry, division)) {
      throw new AppError('validation_failed', {}, [{ path: 'industryDivision', code: 'division_not_in_section' }]);
    }
    const now = deps.clock.now();
    const changes = toRow(fields);
    try {
      if (!(await repo.updateEnterprise(trx, id, version, { ...changes, updated_at: now.toISOString() }))) throw versionConflict(current.version + 1);
    } catch (err) {
      if (isUniqueViolation(err)) throw creditCodeTaken(fields.creditCode ?? '');
      throw err;
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'enterprise.update', targetType: 'enterprise', targetId: id, detail: { fields: Object.keys(fields), fromVersion: version } });
    return toEnterprise((await getVisibleEnterprise(deps, ctx, id, trx)));
  });
}

/**
 * Assigns (or clears, `userId` null) the member's resident commissioner. The assignment is the
 * alliance's own part of the membership, not the firm's shared record: it takes the membership's
 * version and raises it, so two people assigning at once cannot silently overwrite each other.
 */
export async function assignCommissioner(deps: Deps, ctx: Ctx, id: number, userId: number | null, version: number): Promise<EnterpriseResponse> {
  const allianceId = tenantOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const current = await getVisibleEnterprise(deps, ctx, id, trx);
    if (current.member_version !== version) throw versionConflict(current.member_version);
    if (userId !== null && !(await repo.isCommissionerOf(trx, userId, allianceId))) {
      throw new AppError('validation_failed', {}, [{ path: 'userId', code: 'not_a_commissioner' }]);
    }
    const now = deps.clock.now();
    if (!(await repo.updateMembership(trx, allianceId, id, version, {}))) throw versionConflict(version + 1);
    await repo.setCommissioner(trx, allianceId, id, userId, now.toISOString());
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'enterprise.assign_commissioner', targetType: 'enterprise', targetId: id, detail: { userId } });
    return toEnterprise(await getVisibleEnterprise(deps, ctx, id, trx));
  });
}

export function exportFilter(deps: Deps, ctx: Ctx, q: Partial<ListEnterprisesQuery>) {
  return filterFor(deps, ctx, q);
}
