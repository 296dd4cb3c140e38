/**
 * Daily resumption reports (复工日报). One report per enterprise per day: the first submission
 * creates it, a later one that day edits it (with the version it was based on) and keeps the
 * replaced version in the history. Alliance views read the latest report of every member.
 */
import { can } from '../../core/auth/policy';
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import { readOffLoop, type Executor, type Trx } from '../../core/db/database';
import type { ResumptionReportRow } from '../../core/db/schema';
import { AppError, versionConflict } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { addDays } from '../../domain/workdays';
import { getVisibleEnterprise, today } from '../enterprises/enterprises.service';
import { parseJsonArray } from '../enterprises/enterprises.presenter';
import * as repo from './reports.repository';
import { BLOCKER_CATEGORIES, type BlockerCategory, type ReportResponse, type SubmitReportBody } from './reports.schema';

/** How far back a report may be filed or corrected. */
export const EDIT_WINDOW_DAYS = 7;

type Blocker = { category: BlockerCategory; note: string };

export function toReport(r: Pick<ResumptionReportRow, 'id' | 'enterprise_id' | 'report_date' | 'output_pct' | 'capacity_pct' | 'staff_on_duty' | 'staff_total' | 'staff_away' | 'staff_lent_out' | 'staff_borrowed_in' | 'stage' | 'blockers_json' | 'material_cover_days' | 'prevention_cover_days' | 'submitted_by' | 'created_at' | 'updated_at' | 'version'>): ReportResponse {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    reportDate: r.report_date,
    outputPct: r.output_pct,
    capacityPct: r.capacity_pct,
    staffOnDuty: r.staff_on_duty,
    staffTotal: r.staff_total,
    staffAway: r.staff_away ?? 0,
    staffLentOut: r.staff_lent_out ?? 0,
    staffBorrowedIn: r.staff_borrowed_in ?? 0,
    stage: r.stage as ReportResponse['stage'],
    blockers: parseJsonArray<Blocker>(r.blockers_json),
    materialCoverDays: r.material_cover_days,
    preventionCoverDays: r.prevention_cover_days,
    submittedBy: r.submitted_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/**
 * A report whose figures, stage and blockers are exactly the day before's was most likely copied
 * forward unchanged; the commissioner sees it flagged (the firm may still be truthful).
 */
export function sameFigures(a: ReportResponse, b: ReportResponse): boolean {
  const key = (r: ReportResponse) =>
    JSON.stringify([r.outputPct, r.capacityPct, r.staffOnDuty, r.staffTotal, r.staffAway, r.staffLentOut, r.staffBorrowedIn, r.stage, r.materialCoverDays, r.preventionCoverDays, [...r.blockers].sort((x, y) => x.category.localeCompare(y.category))]);
  return key(a) === key(b);
}

/** For each report, whether it repeats its enterprise's report of the day before. */
async function copiedFlags(db: Executor, reports: ReportResponse[]): Promise<boolean[]> {
  const previous = await repo.reportsOn(db, [...new Set(reports.map((r) => r.enterpriseId))], reports.map((r) => addDays(r.reportDate, -1)));
  const byKey = new Map(previous.map((p) => [`${p.enterprise_id}/${p.report_date}`, toReport(p)]));
  return reports.map((r) => {
    const prev = byKey.get(`${r.enterpriseId}/${addDays(r.reportDate, -1)}`);
    return prev !== undefined && sameFigures(r, prev);
  });
}

function checkRules(deps: Deps, body: SubmitReportBody): void {
  const errors = [];
  const t = today(deps);
  if (body.reportDate > t) errors.push({ path: 'reportDate', code: 'report_date_future' });
  else if (body.reportDate < addDays(t, -EDIT_WINDOW_DAYS)) errors.push({ path: 'reportDate', code: 'report_date_too_old', params: { days: EDIT_WINDOW_DAYS } });
  if (body.staffOnDuty > body.staffTotal) errors.push({ path: 'staffOnDuty', code: 'staff_exceeds_total' });
  if (body.staffAway > body.staffTotal) errors.push({ path: 'staffAway', code: 'staff_exceeds_total' });
  if (body.staffLentOut > body.staffTotal) errors.push({ path: 'staffLentOut', code: 'staff_exceeds_total' });
  const cats = body.blockers.map((b) => b.category);
  if (new Set(cats).size !== cats.length) errors.push({ path: 'blockers', code: 'duplicate_blocker' });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
}

/** Files or edits the day's report; the caller's transaction also records the idempotency key. */
export async function submitReport(trx: Trx, deps: Deps, ctx: Ctx, enterpriseId: number, body: SubmitReportBody): Promise<Created<ReportResponse, 200 | 201>> {
  const member = await getVisibleEnterprise(deps, ctx, enterpriseId, trx);
  if (!can(ctx.actor, 'report.submit', { kind: 'enterprise', id: enterpriseId })) throw new AppError('forbidden');
  checkRules(deps, body);
  // A report from before the join is not this alliance's to read, so not its commissioner's to
  // overwrite either (the firm's own accounts file theirs whatever the alliance).
  if (body.reportDate < reportsFrom(ctx, member)) throw new AppError('validation_failed', {}, [{ path: 'reportDate', code: 'before_membership' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const fields = {
    output_pct: body.outputPct,
    capacity_pct: body.capacityPct,
    staff_on_duty: body.staffOnDuty,
    staff_total: body.staffTotal,
    staff_away: body.staffAway,
    staff_lent_out: body.staffLentOut,
    staff_borrowed_in: body.staffBorrowedIn,
    stage: body.stage,
    blockers_json: JSON.stringify(body.blockers),
    material_cover_days: body.materialCoverDays,
    prevention_cover_days: body.preventionCoverDays,
    submitted_by: ctx.actor.userId,
    updated_at: at,
  };
  const existing = await repo.findReport(trx, enterpriseId, body.reportDate);
  if (!existing) {
    const id = await repo.insertReport(trx, { ...fields, enterprise_id: enterpriseId, report_date: body.reportDate, created_at: at });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'report.submit', targetType: 'resumption_report', targetId: id, detail: { enterpriseId, date: body.reportDate } });
    return { status: 201 as const, body: toReport((await repo.findReport(trx, enterpriseId, body.reportDate))!) };
  }
  if (body.version !== existing.version) throw versionConflict(existing.version);
  await repo.insertRevision(trx, existing, existing.submitted_by, at);
  if (!(await repo.updateReport(trx, existing.id, existing.version, fields))) throw versionConflict(existing.version + 1);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'report.edit', targetType: 'resumption_report', targetId: existing.id, detail: { enterpriseId, date: body.reportDate, fromVersion: existing.version } });
  return { status: 200 as const, body: toReport((await repo.findReport(trx, enterpriseId, body.reportDate))!) };
}

/**
 * The first report date the actor may read of this member: the firm's own accounts read all of
 * theirs; the alliance reads from its join on unless the firm shares its history ('' = all).
 */
function reportsFrom(ctx: Ctx, member: { id: number; reports_from: string }): string {
  return ctx.actor.enterpriseIds.includes(member.id) ? '' : member.reports_from;
}

/** The member, if the actor may read its reports, and the first date it may read. */
async function visibleForReading(deps: Deps, ctx: Ctx, enterpriseId: number): Promise<string> {
  const member = await getVisibleEnterprise(deps, ctx, enterpriseId);
  if (!can(ctx.actor, 'report.read', { kind: 'enterprise', id: enterpriseId })) throw new AppError('not_found');
  return reportsFrom(ctx, member);
}

export async function listEnterpriseReports(deps: Deps, ctx: Ctx, enterpriseId: number, range: { from?: string; to?: string }) {
  const visibleFrom = await visibleForReading(deps, ctx, enterpriseId);
  const to = range.to ?? today(deps);
  const from = range.from ?? addDays(to, -29);
  if (from > to) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_reversed' }]);
  if (from < addDays(to, -366)) throw new AppError('validation_failed', {}, [{ path: 'from', code: 'range_too_long', params: { days: 366 } }]);
  const items = (await repo.listReports(deps.db, enterpriseId, from > visibleFrom ? from : visibleFrom, to)).map(toReport);
  const copied = await copiedFlags(deps.db, items);
  return { items: items.map((r, i) => ({ ...r, copiedFromPrevious: copied[i] })) };
}

export async function reportHistory(deps: Deps, ctx: Ctx, enterpriseId: number, date: string) {
  const visibleFrom = await visibleForReading(deps, ctx, enterpriseId);
  const current = date < visibleFrom ? undefined : await repo.findReport(deps.db, enterpriseId, date);
  if (!current) throw new AppError('not_found');
  const revisions = (await repo.listRevisions(deps.db, current.id)).map((h) => {
    const snap = JSON.parse(h.snapshot_json) as ResumptionReportRow;
    const r = toReport(snap);
    return {
      version: h.version,
      changedBy: h.changed_by,
      changedAt: h.changed_at,
      snapshot: {
        reportDate: r.reportDate, outputPct: r.outputPct, capacityPct: r.capacityPct, staffOnDuty: r.staffOnDuty, staffTotal: r.staffTotal,
        staffAway: r.staffAway, staffLentOut: r.staffLentOut, staffBorrowedIn: r.staffBorrowedIn,
        stage: r.stage, blockers: r.blockers, materialCoverDays: r.materialCoverDays, preventionCoverDays: r.preventionCoverDays,
      },
    };
  });
  return { current: toReport(current), revisions };
}

function scopeIds(ctx: Ctx, mine: boolean | undefined) {
  return mine ? ctx.actor.caseload : undefined;
}

export async function latestStatus(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; date?: string; stage?: 'stopped' | 'partial' | 'full' | 'none'; blocker?: BlockerCategory; mine?: boolean; q?: string }) {
  const date = q.date ?? today(deps);
  const { items, total } = await repo.latestStatus(
    deps.db,
    { allianceId: tenantOf(ctx), date, onlyIds: scopeIds(ctx, q.mine), q: q.q, stage: q.stage, blocker: q.blocker },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  );
  const reports = items.map((r) => (r.id === null ? null : toReport({ ...r, id: r.id, enterprise_id: r.enterprise_id } as ResumptionReportRow)));
  const filed = reports.filter((r): r is ReportResponse => r !== null);
  const copied = new Map((await copiedFlags(deps.db, filed)).map((c, i) => [filed[i].id, c]));
  return {
    items: items.map((r, i) => ({
      enterpriseId: r.enterprise_id,
      name: r.name,
      districtCode: r.district_code,
      headcount: r.headcount,
      commissioner: r.commissioner,
      report: reports[i],
      reportedToday: r.report_date === date,
      copiedFromPrevious: reports[i] ? copied.get(reports[i]!.id)! : false,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function missingReports(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number; date?: string; mine?: boolean }) {
  const date = q.date ?? today(deps);
  const { items, total } = await repo.missingReports(deps.db, { allianceId: tenantOf(ctx), date, onlyIds: scopeIds(ctx, q.mine) }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return {
    items: items.map((r) => ({ enterpriseId: r.enterprise_id, name: r.name, commissioner: r.commissioner, lastReportDate: r.last_report_date })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Day-by-day figures over the alliance's members (see `TrendPoint` for each definition). The
 * whole alliance's sums are kept per day in `daily_figures` (migration 0023); a caseload
 * (`mine`) is summed by the database from its reports. Members are counted live. Only one row
 * per day reaches JavaScript.
 */
export async function trend(deps: Deps, ctx: Ctx, q: { days: number; to?: string; mine?: boolean }) {
  const allianceId = tenantOf(ctx);
  const to = q.to ?? today(deps);
  const from = addDays(to, -(q.days - 1));
  const only = scopeIds(ctx, q.mine);
  const sums = only ? readOffLoop(deps.db, repo.dailySums(deps.db, allianceId, from, to, only)) : repo.dailyFigures(deps.db, allianceId, from, to);
  const [members, rows] = await Promise.all([repo.countMembers(deps.db, allianceId, only), sums]);
  const byDate = new Map<string, Record<string, unknown>>(rows.map((r) => [r.report_date, r]));
  const points = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const r = byDate.get(d);
    const n = (v: unknown) => Number(v ?? 0);
    const reported = n(r?.reported);
    const stages = { stopped: n(r?.stopped), partial: n(r?.partial), full: n(r?.full) };
    const blockers = Object.fromEntries(BLOCKER_CATEGORIES.map((c) => [c, n(r?.[`b_${c}`])])) as Record<BlockerCategory, number>;
    const w = n(r?.weight);
    const staff = n(r?.staff_total);
    points.push({
      date: d,
      members,
      reported,
      unknown: Math.max(0, members - reported),
      resumptionRate: members ? (stages.partial + stages.full) / members : 0,
      reportingRate: members ? reported / members : 0,
      outputPct: w ? n(r?.weighted_output) / w : 0,
      capacityPct: w ? n(r?.weighted_capacity) / w : 0,
      staffOnDutyRate: staff ? n(r?.staff_on_duty) / staff : 0,
      staffAway: n(r?.staff_away),
      staffLentOut: n(r?.staff_lent_out),
      staffBorrowedIn: n(r?.staff_borrowed_in),
      stages,
      blockers,
    });
  }
  return { points };
}
