/**
 * Shared employees (共享员工): surplus and shortage postings, the optimal match into proposals
 * (staff review them, both firms accept, possibly fewer workers), one placement per lent worker
 * with its lifecycle, the worker roster with sealed personal data, attendance, the three-party
 * agreement and the wage settlement. Every write is audited without personal data.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import { adminOfFirm } from '../../core/auth/policy';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, forbidden, notFound, versionConflict } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import { membersOf } from '../tickets/tickets.repository';
import { JOB_TYPE_CODES, JOB_TYPES, matchWorkforce, type FirmInput, type PlacementExplanation } from './workforce.matching';
import { idNumberHash, maskIdNumber, maskPhone, openIdNumber, openPhone, sealIdNumber, sealPhone } from './workforce.personal';
import * as repo from './workforce.repository';
import type {
  AcceptBody, AgreementPlaceholder, CreatePostingBody, CreateWorkerBody, MatchBody, PlacementResponse, PostingResponse, ProposalResponse, ReviewBody, SettingsResponse, TransitionBody, UpdatePlacementBody,
  UpdateSettingsBody, WorkerResponse, AttendanceBody,
} from './workforce.schema';

const today = (deps: Deps) => shanghaiDate(deps.clock.now());
const isStaff = (ctx: Ctx) => ['platform_admin', 'secretary', 'group_member', 'commissioner'].some((r) => ctx.actor.roles.has(r as never));
const isManager = (ctx: Ctx) => ['platform_admin', 'secretary', 'group_member'].some((r) => ctx.actor.roles.has(r as never));
const speaksFor = (ctx: Ctx, firmId: number) => ctx.actor.enterpriseIds.includes(firmId);
const bool = (v: number) => v === 1;

/** The default three-party agreement (Chinese); `{{…}}` are filled per placement. */
export const DEFAULT_AGREEMENT_TEMPLATE = [
  '共享员工三方协议',
  '甲方（借出企业）：{{lender}}',
  '乙方（借入企业）：{{borrower}}',
  '丙方（员工）：{{worker}}　身份证号：{{idNumber}}',
  '一、岗位与期限：丙方经甲方同意，于{{startDate}}至{{endDate}}在乙方从事{{jobType}}工作，期满返回甲方。丙方与甲方的劳动关系不变。',
  '二、工资：日工资{{dailyWage}}元，由{{wagePayer}}按实际出勤天数支付，每月结算一次。',
  '三、工时：每日工作{{hoursPerDay}}小时，加班须经丙方同意并依法支付加班费。',
  '四、保险：{{insurance}}。工伤责任由甲乙双方按本协议约定承担，甲方仍为丙方缴纳社会保险。',
  '五、安全培训：乙方在丙方上岗前完成安全生产培训（{{safetyTraining}}）。',
  '六、个人信息：丙方单独同意甲方向乙方提供其姓名、联系电话及本协议所需的身份证号码，仅用于本次用工（{{consent}}）。乙方不得用于其他目的，用工结束后按联盟规定期限删除。',
  '七、任何一方提前结束用工，应提前通知其他两方并说明原因。',
  '甲方（盖章）：　　　　乙方（盖章）：　　　　丙方（签字）：',
  '签订日期：{{date}}',
].join('\n');

// ---------------------------------------------------------------- settings

function toSettings(r: Awaited<ReturnType<typeof repo.ensureSettings>>): SettingsResponse {
  return {
    referenceWageFen: r.reference_wage_fen, maxLendPct: r.max_lend_pct, noCompetitorLending: bool(r.no_competitor_lending), allowCity: bool(r.allow_city),
    retentionDays: r.retention_days, agreementTemplate: r.agreement_template ?? DEFAULT_AGREEMENT_TEMPLATE, version: r.version,
  };
}

export function jobTypes() {
  return { items: JOB_TYPE_CODES.map((code) => ({ code, ...JOB_TYPES[code] })) };
}

/** Reading writes nothing: an alliance that never changed its rules reads the defaults. */
export async function getSettings(deps: Deps, ctx: Ctx): Promise<SettingsResponse> {
  const allianceId = tenantOf(ctx);
  const row = await repo.findSettings(deps.db, allianceId);
  return toSettings(row ?? { alliance_id: allianceId, reference_wage_fen: 20000, max_lend_pct: null, no_competitor_lending: 0, allow_city: 0, retention_days: 180, agreement_template: null, updated_at: '', version: 1 });
}

export async function updateSettings(deps: Deps, ctx: Ctx, body: UpdateSettingsBody): Promise<SettingsResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const now = deps.clock.now();
    const cur = await repo.ensureSettings(trx, allianceId, now.toISOString());
    if (cur.version !== body.version) throw versionConflict(cur.version);
    const patch: Record<string, unknown> = {};
    if (body.referenceWageFen !== undefined) patch.reference_wage_fen = body.referenceWageFen;
    if (body.maxLendPct !== undefined) patch.max_lend_pct = body.maxLendPct;
    if (body.noCompetitorLending !== undefined) patch.no_competitor_lending = body.noCompetitorLending ? 1 : 0;
    if (body.allowCity !== undefined) patch.allow_city = body.allowCity ? 1 : 0;
    if (body.retentionDays !== undefined) patch.retention_days = body.retentionDays;
    if (body.agreementTemplate !== undefined) patch.agreement_template = body.agreementTemplate;
    await trx.updateTable('workforce_settings').set({ ...patch, updated_at: now.toISOString(), version: cur.version + 1 }).where('alliance_id', '=', allianceId).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.settings_update', targetType: 'workforce_settings', targetId: allianceId, detail: { fields: Object.keys(patch) } });
    return toSettings((await repo.findSettings(trx, allianceId))!);
  });
}

// ---------------------------------------------------------------- postings

function toPosting(r: repo.PostingRow, committed: number): PostingResponse {
  return {
    id: r.id, enterprise: { id: r.enterprise_id, name: r.enterprise_name }, kind: r.kind as PostingResponse['kind'], jobType: r.job_type, skills: JSON.parse(r.skills_json) as string[],
    headcount: r.headcount, committed, startDate: r.start_date, endDate: r.end_date, districtCode: r.district_code, needsTransport: bool(r.needs_transport), needsMeals: bool(r.needs_meals),
    needsHousing: bool(r.needs_housing), dailyWageFen: r.daily_wage_fen, providesTransport: bool(r.provides_transport), providesHousing: bool(r.provides_housing), urgency: r.urgency,
    emergency: bool(r.emergency), note: r.note, status: r.status as PostingResponse['status'], createdAt: r.created_at, version: r.version,
  };
}

async function presentPostings(db: Executor, rows: repo.PostingRow[]) {
  const committed = await repo.committedByPosting(db, rows.map((r) => r.id));
  return rows.map((r) => toPosting(r, committed.get(r.id) ?? 0));
}

export async function listPostings(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; kind?: string; status?: string; enterpriseId?: number }) {
  const enterpriseIds = isStaff(ctx) ? (q.enterpriseId ? [q.enterpriseId] : undefined) : ctx.actor.enterpriseIds.filter((id) => !q.enterpriseId || id === q.enterpriseId);
  const { items, total } = await repo.listPostings(deps.db, { allianceId: tenantOf(ctx), kind: q.kind, status: q.status, enterpriseIds }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: await presentPostings(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

export async function createPosting(trx: Trx, deps: Deps, ctx: Ctx, body: CreatePostingBody): Promise<Created<PostingResponse, 201>> {
  const allianceId = tenantOf(ctx);
  if (!isStaff(ctx) && !speaksFor(ctx, body.enterpriseId)) throw notFound();
  if (body.emergency && !isManager(ctx)) throw forbidden();
  const members = await membersOf(trx, allianceId, [body.enterpriseId]);
  if (!members.has(body.enterpriseId)) throw new AppError('validation_failed', {}, [{ path: 'enterpriseId', code: 'not_a_member' }]);
  const errors = [];
  if (body.endDate < body.startDate) errors.push({ path: 'endDate', code: 'range_reversed' });
  if (body.kind === 'shortage' && body.dailyWageFen === null) errors.push({ path: 'dailyWageFen', code: 'required' });
  if (body.emergency && body.kind !== 'shortage') errors.push({ path: 'emergency', code: 'shortage_only' });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  const [firm] = await repo.firmsByIds(trx, [body.enterpriseId]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertPosting(trx, {
    alliance_id: allianceId, enterprise_id: body.enterpriseId, kind: body.kind, job_type: body.jobType, skills_json: JSON.stringify([...new Set(body.skills)]), headcount: body.headcount,
    start_date: body.startDate, end_date: body.endDate, district_code: body.districtCode ?? firm!.district_code, needs_transport: body.needsTransport ? 1 : 0, needs_meals: body.needsMeals ? 1 : 0,
    needs_housing: body.needsHousing ? 1 : 0, daily_wage_fen: body.kind === 'shortage' ? body.dailyWageFen : null, provides_transport: body.providesTransport ? 1 : 0,
    provides_housing: body.providesHousing ? 1 : 0, urgency: body.emergency ? 3 : body.urgency, emergency: body.emergency ? 1 : 0, note: body.note, status: 'open', created_by: ctx.actor.userId,
    created_at: at, updated_at: at,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.posting_create', targetType: 'workforce_posting', targetId: id, detail: { kind: body.kind, jobType: body.jobType, headcount: body.headcount, emergency: body.emergency } });
  const [p] = await presentPostings(trx, [(await repo.findPosting(trx, allianceId, id))!]);
  return { status: 201, body: p! };
}

export async function closePosting(deps: Deps, ctx: Ctx, id: number, version: number): Promise<PostingResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const p = await repo.findPosting(trx, allianceId, id);
    if (!p || (!isStaff(ctx) && !speaksFor(ctx, p.enterprise_id))) throw notFound();
    if (p.version !== version) throw versionConflict(p.version);
    if (p.status !== 'open') throw new AppError('illegal_transition', { from: p.status, to: 'closed' });
    const now = deps.clock.now();
    await trx.updateTable('workforce_postings').set({ status: 'closed', updated_at: now.toISOString(), version: p.version + 1 }).where('id', '=', id).execute();
    await trx.updateTable('workforce_proposals').set({ status: 'superseded', updated_at: now.toISOString() }).where('status', 'in', ['pending_review', 'approved'])
      .where((eb) => eb.or([eb('surplus_id', '=', id), eb('shortage_id', '=', id)])).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.posting_close', targetType: 'workforce_posting', targetId: id });
    const [out] = await presentPostings(trx, [(await repo.findPosting(trx, allianceId, id))!]);
    return out!;
  });
}

// ---------------------------------------------------------------- matching and proposals

const splitProducts = (text: string) => text.split(/[,，、;；/\s]+/).map((s) => s.trim()).filter(Boolean);

async function presentProposals(db: Executor, rows: repo.ProposalRow[]): Promise<ProposalResponse[]> {
  const postings = new Map((await repo.postingsByIds(db, [...new Set(rows.flatMap((r) => [r.surplus_id, r.shortage_id]))])).map((p) => [p.id, p]));
  return rows.map((r) => {
    const s = postings.get(r.surplus_id)!;
    const d = postings.get(r.shortage_id)!;
    return {
      id: r.id, surplusId: r.surplus_id, shortageId: r.shortage_id, lender: { id: s.enterprise_id, name: s.enterprise_name }, borrower: { id: d.enterprise_id, name: d.enterprise_name },
      headcount: r.headcount, lenderHeadcount: r.lender_headcount, borrowerHeadcount: r.borrower_headcount, acceptedHeadcount: r.accepted_headcount,
      explanation: JSON.parse(r.explanation_json) as PlacementExplanation, status: r.status as ProposalResponse['status'], createdAt: r.created_at, version: r.version,
    };
  });
}

/**
 * Runs the matcher over the open postings' remaining headcount and stores its placements as
 * proposals for staff review (earlier unreviewed proposals are superseded). Shortages are the
 * alliance's; surplus is the alliance's, or the whole city's when the secretary allows it.
 */
export async function runMatch(deps: Deps, ctx: Ctx, body: MatchBody) {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const now = deps.clock.now();
    const at = now.toISOString();
    const settings = await repo.ensureSettings(trx, allianceId, at);
    await trx.updateTable('workforce_proposals').set({ status: 'superseded', updated_at: at }).where('alliance_id', '=', allianceId).where('status', '=', 'pending_review').execute();
    const wanted = new Set(body.shortageIds);
    const shortages = (await repo.openPostings(trx, [allianceId], 'shortage')).filter((s) => wanted.has(s.id));
    // Every named shortage must be an open one of this alliance.
    if (shortages.length !== wanted.size) throw notFound();
    const allianceIds = settings.allow_city ? (await trx.selectFrom('alliances').select('id').execute()).map((a) => a.id) : [allianceId];
    const surpluses = await repo.openPostings(trx, allianceIds, 'surplus');
    const held = await repo.committedByPosting(trx, [...surpluses, ...shortages].map((p) => p.id));
    const firmIds = [...new Set([...surpluses, ...shortages].map((p) => p.enterprise_id))];
    const lent = await repo.lentOutByFirm(trx, firmIds);
    const firms: FirmInput[] = (await repo.firmsByIds(trx, firmIds)).map((f) => ({ enterpriseId: f.id, staffTotal: f.headcount, lentOut: lent.get(f.id) ?? 0, products: splitProducts(f.main_products) }));
    const remaining = (p: repo.PostingRow) => Math.max(0, p.headcount - (held.get(p.id) ?? 0));
    const t = today(deps);
    const result = matchWorkforce({
      surpluses: surpluses.filter((p) => remaining(p) > 0 && p.end_date >= t).map((p) => ({
        id: p.id, enterpriseId: p.enterprise_id, jobType: p.job_type, skills: JSON.parse(p.skills_json) as string[], headcount: remaining(p), startDate: p.start_date, endDate: p.end_date,
        district: p.district_code, needsTransport: bool(p.needs_transport), needsHousing: bool(p.needs_housing),
      })),
      shortages: shortages.filter((p) => remaining(p) > 0 && p.end_date >= t).map((p) => ({
        id: p.id, enterpriseId: p.enterprise_id, jobType: p.job_type, skills: JSON.parse(p.skills_json) as string[], headcount: remaining(p), startDate: p.start_date, endDate: p.end_date,
        district: p.district_code, dailyWageFen: p.daily_wage_fen ?? settings.reference_wage_fen, providesTransport: bool(p.provides_transport), providesHousing: bool(p.provides_housing), urgency: p.urgency,
      })),
      firms,
      rules: { referenceWageFen: settings.reference_wage_fen, maxLendPct: settings.max_lend_pct, noCompetitorLending: bool(settings.no_competitor_lending) },
    });
    const ids: number[] = [];
    for (const pl of result.placements) {
      ids.push(await repo.insertProposal(trx, {
        alliance_id: allianceId, surplus_id: pl.surplusId, shortage_id: pl.shortageId, headcount: pl.headcount, unit_cost: pl.explanation.unitCost,
        explanation_json: JSON.stringify(pl.explanation), status: 'pending_review', lender_headcount: null, borrower_headcount: null, accepted_headcount: null, reviewed_by: null, reviewed_at: null,
        created_at: at, updated_at: at,
      }));
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.match', targetType: 'alliance', targetId: allianceId, detail: { proposals: ids.length, filled: result.filled } });
    const rows = ids.length ? await trx.selectFrom('workforce_proposals').selectAll().where('id', 'in', ids).orderBy('id').execute() : [];
    return {
      proposals: await presentProposals(trx, rows),
      filled: result.filled,
      unfilled: [...result.unfilled].map(([shortageId, u]) => ({ shortageId, headcount: u.headcount, reason: u.reason })),
    };
  });
}

export async function listProposals(deps: Deps, ctx: Ctx, status?: string) {
  const rows = await repo.listProposals(deps.db, tenantOf(ctx), status);
  const items = await presentProposals(deps.db, rows);
  // Firms see what concerns them once staff approved it.
  return { items: isStaff(ctx) ? items : items.filter((p) => p.status !== 'pending_review' && p.status !== 'superseded' && (speaksFor(ctx, p.lender.id) || speaksFor(ctx, p.borrower.id))) };
}

async function loadProposal(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findProposal(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  return row;
}

export async function reviewProposal(deps: Deps, ctx: Ctx, id: number, body: ReviewBody): Promise<ProposalResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const p = await loadProposal(trx, ctx, id);
    if (p.version !== body.version) throw versionConflict(p.version);
    const to = body.decision === 'approve' ? 'approved' : 'rejected';
    if (p.status !== 'pending_review') throw new AppError('illegal_transition', { from: p.status, to });
    const now = deps.clock.now();
    await trx.updateTable('workforce_proposals').set({ status: to, reviewed_by: ctx.actor.userId, reviewed_at: now.toISOString(), updated_at: now.toISOString(), version: p.version + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.proposal_review', targetType: 'workforce_proposal', targetId: id, detail: { decision: body.decision } });
    return (await presentProposals(trx, [(await repo.findProposal(trx, tenantOf(ctx), id))!]))[0]!;
  });
}

/**
 * A firm answers an approved proposal for its side. When both accepted, the proposal is accepted
 * for the smaller of the two headcounts and one placement per worker is created; what is left of
 * the two postings goes back to the next match.
 */
export async function answerProposal(deps: Deps, ctx: Ctx, id: number, body: AcceptBody): Promise<ProposalResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const p = await loadProposal(trx, ctx, id);
    const [view] = await presentProposals(trx, [p]);
    const side = view!.lender.id === body.enterpriseId ? 'lender' : view!.borrower.id === body.enterpriseId ? 'borrower' : null;
    if (!side || !speaksFor(ctx, body.enterpriseId) || !adminOfFirm(ctx.actor, body.enterpriseId)) throw notFound();
    if (p.version !== body.version) throw versionConflict(p.version);
    const to = body.decision === 'accept' ? 'accepted' : 'declined';
    if (p.status !== 'approved') throw new AppError('illegal_transition', { from: p.status, to });
    const headcount = Math.min(p.headcount, body.headcount ?? p.headcount);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (body.decision === 'decline') {
      await trx.updateTable('workforce_proposals').set({ status: 'declined', updated_at: at, version: p.version + 1 }).where('id', '=', id).execute();
    } else {
      const lenderHc = side === 'lender' ? headcount : p.lender_headcount;
      const borrowerHc = side === 'borrower' ? headcount : p.borrower_headcount;
      const both = lenderHc !== null && borrowerHc !== null;
      const accepted = both ? Math.min(lenderHc, borrowerHc) : null;
      await trx.updateTable('workforce_proposals').set({ lender_headcount: lenderHc, borrower_headcount: borrowerHc, accepted_headcount: accepted, status: both ? 'accepted' : 'approved', updated_at: at, version: p.version + 1 }).where('id', '=', id).execute();
      if (both && accepted) {
        const [surplus, shortage] = await Promise.all([repo.findPostingAny(trx, p.surplus_id), repo.findPostingAny(trx, p.shortage_id)]);
        const settings = await repo.ensureSettings(trx, allianceId, at);
        const start = surplus!.start_date > shortage!.start_date ? surplus!.start_date : shortage!.start_date;
        const end = surplus!.end_date < shortage!.end_date ? surplus!.end_date : shortage!.end_date;
        const rows = Array.from({ length: accepted }, () => ({
          alliance_id: allianceId, proposal_id: id, surplus_id: p.surplus_id, shortage_id: p.shortage_id, lender_id: surplus!.enterprise_id, borrower_id: shortage!.enterprise_id,
          worker_id: null, job_type: shortage!.job_type, status: 'proposed', start_date: start, end_date: end, daily_wage_fen: shortage!.daily_wage_fen ?? settings.reference_wage_fen,
          worker_consent_at: null, end_reason: null, ended_at: null, created_at: at, updated_at: at,
        }));
        await trx.insertInto('workforce_placements').values(rows).execute();
      }
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.proposal_answer', targetType: 'workforce_proposal', targetId: id, detail: { side, decision: body.decision, headcount } });
    return (await presentProposals(trx, [(await repo.findProposal(trx, allianceId, id))!]))[0]!;
  });
}

// ---------------------------------------------------------------- placements

type PlacementRole = 'staff' | 'lender' | 'borrower';

function roleIn(ctx: Ctx, pl: repo.PlacementRow): PlacementRole | null {
  if (isStaff(ctx)) return 'staff';
  if (speaksFor(ctx, pl.lender_id)) return 'lender';
  if (speaksFor(ctx, pl.borrower_id)) return 'borrower';
  return null;
}

/** The worker as the actor may see them: the borrower sees nothing before the worker's separate consent. */
function workerView(role: PlacementRole, pl: repo.PlacementRow, w: repo.WorkerRow | undefined): PlacementResponse['worker'] {
  if (!w || w.purged_at || w.erased_at) return null;
  if (role === 'borrower' && !pl.worker_consent_at) return null;
  return { id: w.id, name: w.name, phoneMasked: w.phone_masked, idNumberMasked: w.id_number_masked };
}

async function presentPlacements(db: Executor, ctx: Ctx, rows: repo.PlacementRow[]): Promise<PlacementResponse[]> {
  const firms = new Map((await repo.firmsByIds(db, [...new Set(rows.flatMap((r) => [r.lender_id, r.borrower_id]))])).map((f) => [f.id, f.name]));
  const workers = new Map((await repo.workersByIds(db, rows.flatMap((r) => (r.worker_id ? [r.worker_id] : [])))).map((w) => [w.id, w]));
  const days = await repo.daysWorked(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, proposalId: r.proposal_id, lender: { id: r.lender_id, name: firms.get(r.lender_id) ?? '' }, borrower: { id: r.borrower_id, name: firms.get(r.borrower_id) ?? '' },
    worker: workerView(roleIn(ctx, r) ?? 'borrower', r, r.worker_id ? workers.get(r.worker_id) : undefined), workerAssigned: r.worker_id !== null, jobType: r.job_type,
    status: r.status as PlacementResponse['status'], startDate: r.start_date, endDate: r.end_date, dailyWageFen: r.daily_wage_fen, wagePayer: r.wage_payer as PlacementResponse['wagePayer'],
    hoursPerDay: r.hours_per_day, insurance: r.insurance, safetyTrainingDone: bool(r.safety_training_done), workerConsentAt: r.worker_consent_at, endReason: r.end_reason,
    daysWorked: days.get(r.id) ?? 0, version: r.version,
  }));
}

async function loadPlacement(db: Executor, ctx: Ctx, id: number) {
  const pl = await repo.findPlacement(db, tenantOf(ctx), id);
  const role = pl && roleIn(ctx, pl);
  if (!pl || !role) throw notFound();
  return { pl, role };
}

export async function listPlacements(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; status?: string }) {
  const { items, total } = await repo.listPlacements(deps.db, { allianceId: tenantOf(ctx), status: q.status, firmIds: isStaff(ctx) ? undefined : ctx.actor.enterpriseIds }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: await presentPlacements(deps.db, ctx, items), total, page: q.page, pageSize: q.pageSize };
}

export async function getPlacement(deps: Deps, ctx: Ctx, id: number): Promise<PlacementResponse> {
  const { pl } = await loadPlacement(deps.db, ctx, id);
  return (await presentPlacements(deps.db, ctx, [pl]))[0]!;
}

/** Terms and the worker: the lending firm (or staff) names the worker and records their consent. */
export async function updatePlacement(deps: Deps, ctx: Ctx, id: number, body: UpdatePlacementBody): Promise<PlacementResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const { pl, role } = await loadPlacement(trx, ctx, id);
    if (pl.version !== body.version) throw versionConflict(pl.version);
    const closed = pl.status === 'returned' || pl.status === 'ended_early';
    if (closed) throw new AppError('illegal_transition', { from: pl.status, to: pl.status });
    const workerSide = body.workerId !== undefined || body.workerConsent !== undefined;
    if (workerSide && role === 'borrower') throw forbidden();
    if (body.safetyTrainingDone !== undefined && role === 'lender' && pl.status !== 'proposed') throw forbidden();
    const patch: Record<string, unknown> = {};
    if (body.workerId !== undefined) {
      if (pl.status !== 'proposed') throw new AppError('illegal_transition', { from: pl.status, to: 'proposed' });
      if (body.workerId !== null) {
        const w = await repo.findWorker(trx, tenantOf(ctx), body.workerId);
        if (!w || w.enterprise_id !== pl.lender_id || w.purged_at || w.erased_at) throw new AppError('validation_failed', {}, [{ path: 'workerId', code: 'not_lenders_worker' }]);
      }
      patch.worker_id = body.workerId;
      if (body.workerId !== pl.worker_id) patch.worker_consent_at = null;
    }
    const now = deps.clock.now();
    if (body.workerConsent !== undefined) {
      const workerId = (patch.worker_id as number | null | undefined) === undefined ? pl.worker_id : (patch.worker_id as number | null);
      if (body.workerConsent && workerId === null) throw new AppError('validation_failed', {}, [{ path: 'workerConsent', code: 'no_worker' }]);
      patch.worker_consent_at = body.workerConsent ? now.toISOString() : null;
    }
    if (body.wagePayer !== undefined) patch.wage_payer = body.wagePayer;
    if (body.hoursPerDay !== undefined) patch.hours_per_day = body.hoursPerDay;
    if (body.insurance !== undefined) patch.insurance = body.insurance;
    if (body.safetyTrainingDone !== undefined) patch.safety_training_done = body.safetyTrainingDone ? 1 : 0;
    await trx.updateTable('workforce_placements').set({ ...patch, updated_at: now.toISOString(), version: pl.version + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.placement_update', targetType: 'workforce_placement', targetId: id, detail: { fields: Object.keys(patch) } });
    return (await presentPlacements(trx, ctx, [(await repo.findPlacement(trx, tenantOf(ctx), id))!]))[0]!;
  });
}

const MOVES: Record<string, readonly string[]> = {
  proposed: ['agreed', 'ended_early'],
  agreed: ['on_site', 'ended_early'],
  on_site: ['returned', 'ended_early'],
  returned: [],
  ended_early: [],
};

export async function transitionPlacement(deps: Deps, ctx: Ctx, id: number, body: TransitionBody): Promise<PlacementResponse> {
  return deps.db.transaction().execute(async (trx) => {
    const { pl, role } = await loadPlacement(trx, ctx, id);
    if (pl.version !== body.version) throw versionConflict(pl.version);
    if (!MOVES[pl.status]!.includes(body.to)) throw new AppError('illegal_transition', { from: pl.status, to: body.to });
    const errors = [];
    if (body.to === 'agreed') {
      if (role === 'borrower') throw forbidden();
      if (pl.worker_id === null) errors.push({ path: 'workerId', code: 'no_worker' });
      else if (!pl.worker_consent_at) errors.push({ path: 'workerConsent', code: 'consent_required' });
    }
    if (body.to === 'on_site') {
      if (role === 'lender') throw forbidden();
      if (!pl.safety_training_done) errors.push({ path: 'safetyTrainingDone', code: 'training_required' });
    }
    if (body.to === 'ended_early' && !body.reason) errors.push({ path: 'reason', code: 'required' });
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    const ending = body.to === 'returned' || body.to === 'ended_early';
    await trx.updateTable('workforce_placements')
      .set({ status: body.to, ...(ending ? { ended_at: now.toISOString(), end_reason: body.reason ?? null } : {}), updated_at: now.toISOString(), version: pl.version + 1 })
      .where('id', '=', id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.placement_transition', targetType: 'workforce_placement', targetId: id, detail: { from: pl.status, to: body.to } });
    return (await presentPlacements(trx, ctx, [(await repo.findPlacement(trx, tenantOf(ctx), id))!]))[0]!;
  });
}

/** The borrowing firm records a day worked (hours 0: absent); re-recording a day replaces it. */
export async function recordAttendance(deps: Deps, ctx: Ctx, id: number, body: AttendanceBody) {
  return deps.db.transaction().execute(async (trx) => {
    const { pl, role } = await loadPlacement(trx, ctx, id);
    if (role !== 'borrower' && !isManager(ctx)) throw forbidden();
    if (pl.status !== 'on_site' && pl.status !== 'returned') throw new AppError('illegal_transition', { from: pl.status, to: 'attendance' });
    const errors = [];
    if (body.workDate < pl.start_date || body.workDate > pl.end_date) errors.push({ path: 'workDate', code: 'outside_placement' });
    if (body.workDate > today(deps)) errors.push({ path: 'workDate', code: 'future' });
    if (errors.length) throw new AppError('validation_failed', {}, errors);
    const now = deps.clock.now();
    await trx.deleteFrom('workforce_attendance').where('placement_id', '=', id).where('work_date', '=', body.workDate).execute();
    await trx.insertInto('workforce_attendance').values({ placement_id: id, work_date: body.workDate, hours: body.hours, recorded_by: ctx.actor.userId, recorded_at: now.toISOString() }).execute();
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.attendance_record', targetType: 'workforce_placement', targetId: id, detail: { workDate: body.workDate, hours: body.hours } });
    const days = await repo.daysWorked(trx, [id]);
    return { placementId: id, workDate: body.workDate, hours: body.hours, daysWorked: days.get(id) ?? 0 };
  });
}

/** Fills the agreement template; the worker's data only once they consented. */
export async function agreementText(deps: Deps, ctx: Ctx, id: number): Promise<{ text: string; placementId: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const { pl, role } = await loadPlacement(trx, ctx, id);
    if (!pl.worker_id) throw new AppError('validation_failed', {}, [{ path: 'workerId', code: 'no_worker' }]);
    if (role === 'borrower' && !pl.worker_consent_at) throw new AppError('validation_failed', {}, [{ path: 'workerConsent', code: 'consent_required' }]);
    const settings = await repo.findSettings(trx, tenantOf(ctx));
    const [w] = await repo.workersByIds(trx, [pl.worker_id]);
    const firms = new Map((await repo.firmsByIds(trx, [pl.lender_id, pl.borrower_id])).map((f) => [f.id, f.name]));
    const idNumber = w?.id_number_sealed ? openIdNumber(deps.config, w.id_number_sealed) : '（无需提供）';
    const fill: Record<AgreementPlaceholder, string> = {
      lender: firms.get(pl.lender_id) ?? '', borrower: firms.get(pl.borrower_id) ?? '', worker: w && !w.purged_at ? w.name : '（已删除）', idNumber: w && !w.purged_at ? idNumber : '（已删除）',
      jobType: JOB_TYPES[pl.job_type as keyof typeof JOB_TYPES]?.zh ?? pl.job_type, startDate: pl.start_date, endDate: pl.end_date, dailyWage: (pl.daily_wage_fen / 100).toFixed(2),
      wagePayer: pl.wage_payer === 'lender' ? '甲方（借出企业）' : '乙方（借入企业）', hoursPerDay: String(pl.hours_per_day), insurance: pl.insurance || '由甲方缴纳社会保险，乙方购买雇主责任险',
      safetyTraining: pl.safety_training_done ? '已完成' : '尚未完成', consent: pl.worker_consent_at ? `已于${shanghaiDate(pl.worker_consent_at)}单独同意` : '尚未同意', date: today(deps),
    };
    const text = (settings?.agreement_template ?? DEFAULT_AGREEMENT_TEMPLATE).replace(/\{\{(\w+)\}\}/g, (m, k: string) => (fill as Record<string, string>)[k] ?? m);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'workforce.agreement_download', targetType: 'workforce_placement', targetId: id });
    return { text, placementId: id };
  });
}

/** Wage settlement rows: one per placement, with days, hours and the amount (fen). */
export async function settlementRows(deps: Deps, ctx: Ctx) {
  const rows = (await repo.listPlacements(deps.db, { allianceId: tenantOf(ctx), firmIds: isStaff(ctx) ? undefined : ctx.actor.enterpriseIds }, { offset: 0, limit: 100_000 })).items;
  const firms = new Map((await repo.firmsByIds(deps.db, [...new Set(rows.flatMap((r) => [r.lender_id, r.borrower_id]))])).map((f) => [f.id, f.name]));
  const hours = new Map<number, { days: number; hours: number }>();
  if (rows.length) {
    const att = await deps.db.selectFrom('workforce_attendance').select(['placement_id', 'hours']).where('placement_id', 'in', rows.map((r) => r.id)).execute();
    for (const a of att) {
      const h = hours.get(a.placement_id) ?? { days: 0, hours: 0 };
      if (a.hours > 0) h.days++;
      h.hours += a.hours;
      hours.set(a.placement_id, h);
    }
  }
  return rows.map((r) => {
    const h = hours.get(r.id) ?? { days: 0, hours: 0 };
    return { id: r.id, lender: firms.get(r.lender_id) ?? '', borrower: firms.get(r.borrower_id) ?? '', lenderId: r.lender_id, borrowerId: r.borrower_id, jobType: r.job_type, status: r.status, startDate: r.start_date, endDate: r.end_date, dailyWageFen: r.daily_wage_fen, wagePayer: r.wage_payer, days: h.days, hours: h.hours, amountFen: h.days * r.daily_wage_fen };
  });
}

// ---------------------------------------------------------------- roster

async function presentWorkers(db: Executor, allianceId: number, rows: repo.WorkerRow[]): Promise<WorkerResponse[]> {
  const firms = new Map((await repo.firmsByIds(db, [...new Set(rows.map((r) => r.enterprise_id))])).map((f) => [f.id, f.name]));
  const dups = await repo.duplicatesOf(db, allianceId, rows.flatMap((r) => (r.id_number_hash ? [r.id_number_hash] : [])));
  return rows.map((r) => ({
    id: r.id, enterprise: { id: r.enterprise_id, name: firms.get(r.enterprise_id) ?? '' }, name: r.name, jobType: r.job_type, phoneMasked: r.phone_masked, idNumberMasked: r.id_number_masked,
    duplicateOf: r.id_number_hash ? dups.filter((d) => d.id_number_hash === r.id_number_hash && d.id !== r.id).map((d) => d.id) : [], purged: r.purged_at !== null, version: r.version,
  }));
}

export async function listWorkers(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; enterpriseId?: number }) {
  const allianceId = tenantOf(ctx);
  const enterpriseIds = isStaff(ctx) ? (q.enterpriseId ? [q.enterpriseId] : undefined) : ctx.actor.enterpriseIds.filter((id) => !q.enterpriseId || id === q.enterpriseId);
  const { items, total } = await repo.listWorkers(deps.db, { allianceId, enterpriseIds }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: await presentWorkers(deps.db, allianceId, items), total, page: q.page, pageSize: q.pageSize };
}

export async function createWorker(trx: Trx, deps: Deps, ctx: Ctx, body: CreateWorkerBody): Promise<Created<WorkerResponse, 201>> {
  const allianceId = tenantOf(ctx);
  if (!isStaff(ctx) && !speaksFor(ctx, body.enterpriseId)) throw notFound();
  if (!(await membersOf(trx, allianceId, [body.enterpriseId])).has(body.enterpriseId)) throw new AppError('validation_failed', {}, [{ path: 'enterpriseId', code: 'not_a_member' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertWorker(trx, {
    alliance_id: allianceId, enterprise_id: body.enterpriseId, name: body.name, job_type: body.jobType, phone_sealed: sealPhone(deps.config, body.phone), phone_masked: maskPhone(body.phone),
    id_number_sealed: body.idNumber ? sealIdNumber(deps.config, body.idNumber) : null, id_number_masked: body.idNumber ? maskIdNumber(body.idNumber) : null,
    id_number_hash: body.idNumber ? idNumberHash(deps.config, body.idNumber) : null, purged_at: null, erased_at: null, created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  // Never the name, phone or ID number in the audit row.
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'workforce.worker_create', targetType: 'workforce_worker', targetId: id, detail: { enterpriseId: body.enterpriseId, jobType: body.jobType, idNumber: !!body.idNumber } });
  const [w] = await presentWorkers(trx, allianceId, [(await repo.findWorker(trx, allianceId, id))!]);
  return { status: 201, body: w! };
}

/**
 * Reveals a worker's full phone or ID number: the employer's admin, the secretary or platform
 * admin, or the borrowing firm's admin for a worker placed with it who consented. Audited — the
 * field, never the value.
 */
export async function revealWorker(deps: Deps, ctx: Ctx, id: number, field: 'phone' | 'idNumber') {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const w = await repo.findWorker(trx, allianceId, id);
    if (!w || w.erased_at) throw notFound();
    let allowed = ctx.actor.roles.has('secretary') || ctx.actor.roles.has('platform_admin') || (speaksFor(ctx, w.enterprise_id) && adminOfFirm(ctx.actor, w.enterprise_id));
    if (!allowed) {
      const pls = await trx.selectFrom('workforce_placements').select(['borrower_id']).where('worker_id', '=', id).where('worker_consent_at', 'is not', null).where('status', 'in', ['agreed', 'on_site']).execute();
      allowed = pls.some((p) => speaksFor(ctx, p.borrower_id) && adminOfFirm(ctx.actor, p.borrower_id));
    }
    if (!allowed) throw notFound();
    const sealed = field === 'phone' ? w.phone_sealed : w.id_number_sealed;
    if (!sealed) throw notFound();
    const value = field === 'phone' ? openPhone(deps.config, sealed) : openIdNumber(deps.config, sealed);
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'workforce.worker_reveal', targetType: 'workforce_worker', targetId: id, detail: { field } });
    return { field, value };
  });
}

/** Erasure on request: the worker's personal data goes; anonymous placement rows stay. */
export async function eraseWorker(deps: Deps, ctx: Ctx, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const w = await repo.findWorker(trx, allianceId, id);
    if (!w || w.erased_at || (!isManager(ctx) && !(speaksFor(ctx, w.enterprise_id) && adminOfFirm(ctx.actor, w.enterprise_id)))) throw notFound();
    const now = deps.clock.now().toISOString();
    await trx.updateTable('workforce_workers').set({ ...EMPTIED, erased_at: now, purged_at: now, updated_at: now, version: w.version + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'workforce.worker_erase', targetType: 'workforce_worker', targetId: id });
    return { ok: true as const };
  });
}

const EMPTIED = { name: '', phone_sealed: null, phone_masked: null, id_number_sealed: null, id_number_masked: null, id_number_hash: null };

/**
 * Retention: personal data of workers whose placements all ended more than the alliance's
 * retention period ago (default 180 days) is emptied; the placements stay as anonymous figures.
 * Run by the maintenance timer.
 */
export async function purgeExpiredWorkers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const settings = new Map((await deps.db.selectFrom('workforce_settings').select(['alliance_id', 'retention_days']).execute()).map((s) => [s.alliance_id, s.retention_days]));
  const candidates = await deps.db.selectFrom('workforce_workers as w').innerJoin('workforce_placements as p', 'p.worker_id', 'w.id').where('w.purged_at', 'is', null)
    .select(['w.id', 'w.alliance_id', 'p.status', 'p.ended_at']).execute();
  const byWorker = new Map<number, { alliance: number; ended: string[]; active: boolean }>();
  for (const c of candidates) {
    const e = byWorker.get(c.id) ?? { alliance: c.alliance_id, ended: [], active: false };
    if (c.status === 'returned' || c.status === 'ended_early') e.ended.push(c.ended_at ?? '');
    else e.active = true;
    byWorker.set(c.id, e);
  }
  const due: number[] = [];
  for (const [id, e] of byWorker) {
    if (e.active || !e.ended.length) continue;
    const days = settings.get(e.alliance) ?? 180;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    if (e.ended.every((at) => at && at < cutoff)) due.push(id);
  }
  if (!due.length) return 0;
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('workforce_workers').set({ ...EMPTIED, purged_at: now.toISOString(), updated_at: now.toISOString() }).where('id', 'in', due).execute();
    await recordAudit(trx, { actorUserId: null, allianceId: null, requestId: null, at: now, action: 'workforce.worker_purge', targetType: 'workforce_worker', targetId: null, detail: { count: due.length } });
  });
  return due.length;
}

// ---------------------------------------------------------------- figures

export interface WorkforceFigures {
  workersLentToday: number;
  placementsByChain: { chain: string; placements: number }[];
  demand: { filled: number; open: number };
  daysWorked: number;
  firmsHelped: number;
}

/**
 * The shared-employee figures on a date, per alliance and over all of them (firms helped counted
 * once): workers on site that day, placements by the borrower's chain (industry), placed vs still
 * open shortage headcount, days worked (attendance with hours), firms that borrowed (agreed or
 * later). Grouping joins, never id lists, so a whole city is a handful of queries.
 */
export async function figuresByAlliance(db: Executor, date: string, allianceId?: number): Promise<{ byAlliance: Map<number, WorkforceFigures>; total: WorkforceFigures }> {
  let pq = db.selectFrom('workforce_placements as p').innerJoin('enterprises as e', 'e.id', 'p.borrower_id').select(['p.alliance_id', 'p.status', 'p.borrower_id', 'p.start_date', 'p.end_date', 'e.industry']);
  let sq = db.selectFrom('workforce_postings').select(['id', 'alliance_id', 'headcount']).where('kind', '=', 'shortage').where('status', '=', 'open');
  let cq = db.selectFrom('workforce_proposals as pr').innerJoin('workforce_postings as s', 's.id', 'pr.shortage_id').select(['pr.shortage_id', 'pr.status', 'pr.headcount', 'pr.accepted_headcount'])
    .where('s.kind', '=', 'shortage').where('s.status', '=', 'open').where('pr.status', 'in', ['accepted', 'approved']);
  let aq = db.selectFrom('workforce_attendance as a').innerJoin('workforce_placements as p', 'p.id', 'a.placement_id').select('p.alliance_id').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.hours', '>', 0).groupBy('p.alliance_id');
  if (allianceId !== undefined) {
    pq = pq.where('p.alliance_id', '=', allianceId);
    sq = sq.where('alliance_id', '=', allianceId);
    cq = cq.where('s.alliance_id', '=', allianceId);
    aq = aq.where('p.alliance_id', '=', allianceId);
  }
  const [pls, shortages, held, days] = await Promise.all([pq.execute(), sq.execute(), cq.execute(), aq.execute()]);
  const heldOf = new Map<number, number>();
  for (const h of held) heldOf.set(h.shortage_id, (heldOf.get(h.shortage_id) ?? 0) + (h.status === 'accepted' ? (h.accepted_headcount ?? 0) : h.headcount));
  type Acc = { lent: number; chains: Map<string, number>; filled: number; open: number; days: number; helped: Set<number> };
  const acc = new Map<number, Acc>();
  const all: Acc = { lent: 0, chains: new Map(), filled: 0, open: 0, days: 0, helped: new Set() };
  const of = (id: number) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { lent: 0, chains: new Map(), filled: 0, open: 0, days: 0, helped: new Set() }));
    return a;
  };
  for (const p of pls) {
    for (const a of [of(p.alliance_id), all]) {
      if (p.status === 'on_site' && p.start_date <= date && p.end_date >= date) a.lent++;
      const chain = p.industry || '—';
      a.chains.set(chain, (a.chains.get(chain) ?? 0) + 1);
      a.filled++;
      if (p.status !== 'proposed') a.helped.add(p.borrower_id);
    }
  }
  for (const s of shortages) {
    const open = Math.max(0, s.headcount - (heldOf.get(s.id) ?? 0));
    of(s.alliance_id).open += open;
    all.open += open;
  }
  for (const d of days) {
    of(d.alliance_id).days += Number(d.n);
    all.days += Number(d.n);
  }
  const present = (a: Acc): WorkforceFigures => ({
    workersLentToday: a.lent,
    placementsByChain: [...a.chains].map(([chain, placements]) => ({ chain, placements })).sort((x, y) => y.placements - x.placements || x.chain.localeCompare(y.chain)),
    demand: { filled: a.filled, open: a.open },
    daysWorked: a.days,
    firmsHelped: a.helped.size,
  });
  return { byAlliance: new Map([...acc].map(([id, a]) => [id, present(a)])), total: present(all) };
}

export const NO_FIGURES: WorkforceFigures = { workersLentToday: 0, placementsByChain: [], demand: { filled: 0, open: 0 }, daysWorked: 0, firmsHelped: 0 };

export async function figures(deps: Deps, ctx: Ctx) {
  const date = today(deps);
  const { total } = await figuresByAlliance(deps.db, date, tenantOf(ctx));
  return { date, ...total };
}
