/**
 * Joint prevention (防控共抓).
 *
 * - Standards: checklists kept by the prevention working group. The group edits a draft and
 *   publishes it as the next version; published versions are immutable, and every
 *   self-inspection stays tied to the version it answered.
 * - Self-inspections: a member answers every item of the current version (pass / fail / n.a.),
 *   with photos in the file store (owner type `prevention_inspection`); each failed item opens
 *   a problem ticket (category `prevention`, led by the prevention group) in the same
 *   transaction.
 * - Trainings: topic, date, the member firms expected and how many of their people came;
 *   materials in the file store (owner type `prevention_training`).
 * - Supplies: each firm's stock and daily use give its days of cover (`prevention.cover.ts`);
 *   a firm under the alliance's threshold is flagged and, while a group purchase is open,
 *   invited to it (in-app, once per campaign).
 *
 * Firms see only their own inspections, supplies and the trainings they were asked to; another
 * firm's record answers 404. Every write is audited.
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError, forbidden, notFound, versionConflict } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import type { UnitCode } from '../../domain/units';
import { raise } from '../notifications/notifications.service';
import type { Outbox } from '../notifications/outbox';
import * as purchasing from '../purchasing/purchasing.repository';
import { insertTicket, notifyFiled } from '../tickets/tickets.service';
import { membersOf } from '../tickets/tickets.repository';
import { coverDays, firmCover, isFlagged } from './prevention.cover';
import * as repo from './prevention.repository';
import type {
  AttendanceBody, ChecklistItem, CreateStandardBody, CreateSupplyBody, CreateTrainingBody, InspectionResponse, ListInspectionsQuery, Outcome, PutDraftBody, PutSettingsBody, SettingsResponse,
  StandardResponse, StandardVersionResponse, SubmitInspectionBody, SupplyList, SupplyResponse, TrainingResponse, UpdateSupplyBody,
} from './prevention.schema';

export const DEFAULT_THRESHOLD_DAYS = 7;

const isStaff = (ctx: Ctx) => ['platform_admin', 'secretary', 'group_member', 'commissioner'].some((r) => ctx.actor.roles.has(r as never));

/** The prevention working group keeps standards, trainings and the threshold (with the secretary and the admin). */
export function isManager(ctx: Ctx): boolean {
  const a = ctx.actor;
  return a.roles.has('platform_admin') || a.roles.has('secretary') || (a.roles.has('group_member') && a.workingGroups.includes('prevention'));
}

function assertManager(ctx: Ctx): void {
  if (!isManager(ctx)) throw forbidden();
}

/** The firms whose records the actor sees: every member for staff (undefined), else its own. */
function visibleFirms(ctx: Ctx, only?: number): readonly number[] | undefined {
  if (isStaff(ctx)) return only !== undefined ? [only] : undefined;
  return ctx.actor.enterpriseIds.filter((id) => only === undefined || id === only);
}

async function assertMember(db: Executor, allianceId: number, enterpriseId: number): Promise<string> {
  const m = await membersOf(db, allianceId, [enterpriseId]);
  if (!m.has(enterpriseId)) throw new AppError('validation_failed', {}, [{ path: 'enterpriseId', code: 'not_a_member' }]);
  return m.get(enterpriseId)!;
}

// ---------------------------------------------------------------- settings

async function thresholdOf(db: Executor, allianceId: number): Promise<number> {
  return (await repo.findSettings(db, allianceId))?.cover_threshold_days ?? DEFAULT_THRESHOLD_DAYS;
}

export async function getSettings(deps: Deps, ctx: Ctx): Promise<SettingsResponse> {
  const row = await repo.findSettings(deps.db, tenantOf(ctx));
  return { coverThresholdDays: row?.cover_threshold_days ?? DEFAULT_THRESHOLD_DAYS, version: row?.version ?? 1 };
}

export async function putSettings(deps: Deps, ctx: Ctx, body: PutSettingsBody): Promise<SettingsResponse> {
  assertManager(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const allianceId = tenantOf(ctx);
    const now = deps.clock.now();
    const cur = await repo.ensureSettings(trx, allianceId, now.toISOString());
    if (cur.version !== body.version || !(await repo.updateSettings(trx, allianceId, cur.version, body.coverThresholdDays, now.toISOString()))) throw versionConflict(cur.version);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.settings_update', targetType: 'prevention_settings', targetId: allianceId, detail: { coverThresholdDays: body.coverThresholdDays } });
    return { coverThresholdDays: body.coverThresholdDays, version: cur.version + 1 };
  });
}

// ---------------------------------------------------------------- standards

type StoredItem = ChecklistItem;

function parseItems(json: string): StoredItem[] {
  return JSON.parse(json) as StoredItem[];
}

const versionSummary = (v: repo.VersionRow) => ({ id: v.id, number: v.number, publishedAt: v.published_at });

function toVersion(v: repo.VersionRow): StandardVersionResponse {
  return { ...versionSummary(v), standardId: v.standard_id, title: v.title, items: parseItems(v.items_json).map((it, position) => ({ position, ...it })) };
}

function toSummary(s: repo.StandardRow, versions: repo.VersionRow[]) {
  const current = versions.find((v) => v.number === s.published_number);
  return { id: s.id, title: s.title, current: current ? versionSummary(current) : null, updatedAt: s.updated_at, version: s.version };
}

export async function listStandards(deps: Deps, ctx: Ctx) {
  const rows = await repo.listStandards(deps.db, tenantOf(ctx));
  const versions = await repo.versionsOf(deps.db, rows.map((r) => r.id));
  // Firms see only standards they can inspect against (published ones).
  const visible = isStaff(ctx) ? rows : rows.filter((r) => r.published_number > 0);
  return { items: visible.map((r) => toSummary(r, versions.filter((v) => v.standard_id === r.id))) };
}

async function loadStandard(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findStandard(db, tenantOf(ctx), id);
  if (!row || (!isStaff(ctx) && row.published_number === 0)) throw notFound();
  return row;
}

async function standardDetail(db: Executor, ctx: Ctx, row: repo.StandardRow): Promise<StandardResponse> {
  const versions = await repo.versionsOf(db, [row.id]);
  const current = versions.find((v) => v.number === row.published_number);
  const draftItems = parseItems(row.draft_json);
  // The draft is the working group's: firms read the published version only.
  const draft = isStaff(ctx) ? { title: row.title, items: draftItems } : { title: current?.title ?? row.title, items: current ? parseItems(current.items_json) : [] };
  return {
    ...toSummary(row, versions),
    draft,
    draftChanged: !current || current.title !== row.title || current.items_json !== JSON.stringify(draftItems),
    versions: versions.map(versionSummary).reverse(),
    currentItems: current ? toVersion(current).items : [],
  };
}

export async function getStandard(deps: Deps, ctx: Ctx, id: number): Promise<StandardResponse> {
  return standardDetail(deps.db, ctx, await loadStandard(deps.db, ctx, id));
}

export async function getVersion(deps: Deps, ctx: Ctx, versionId: number): Promise<StandardVersionResponse> {
  const v = await repo.findVersion(deps.db, tenantOf(ctx), versionId);
  if (!v) throw notFound();
  return toVersion(v);
}

export async function createStandard(trx: Trx, deps: Deps, ctx: Ctx, body: CreateStandardBody): Promise<Created<StandardResponse, 201>> {
  assertManager(ctx);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertStandard(trx, { alliance_id: tenantOf(ctx), title: body.title, draft_json: JSON.stringify(body.items), created_by: ctx.actor.userId, created_at: at, updated_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.standard_create', targetType: 'prevention_standard', targetId: id, detail: { items: body.items.length } });
  return { status: 201, body: await standardDetail(trx, ctx, (await repo.findStandard(trx, tenantOf(ctx), id))!) };
}

/** Replaces the draft (title and items); the published versions are untouched. */
export async function putDraft(deps: Deps, ctx: Ctx, id: number, body: PutDraftBody): Promise<StandardResponse> {
  assertManager(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadStandard(trx, ctx, id);
    const now = deps.clock.now();
    if (row.version !== body.version || !(await repo.updateStandard(trx, id, row.version, { title: body.title, draft_json: JSON.stringify(body.items), updated_at: now.toISOString() }))) {
      throw versionConflict(row.version);
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.draft_update', targetType: 'prevention_standard', targetId: id, detail: { items: body.items.length } });
    return standardDetail(trx, ctx, (await repo.findStandard(trx, tenantOf(ctx), id))!);
  });
}

/** Publishes the draft as the next version, which members then inspect against. */
export async function publish(deps: Deps, ctx: Ctx, id: number, version: number): Promise<StandardResponse> {
  assertManager(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadStandard(trx, ctx, id);
    const items = parseItems(row.draft_json);
    if (!items.length) throw new AppError('validation_failed', {}, [{ path: 'items', code: 'required' }]);
    const now = deps.clock.now();
    const number = row.published_number + 1;
    if (row.version !== version || !(await repo.updateStandard(trx, id, row.version, { published_number: number, updated_at: now.toISOString() }))) throw versionConflict(row.version);
    const versionId = await repo.insertVersion(trx, { standard_id: id, number, title: row.title, items_json: JSON.stringify(items), published_by: ctx.actor.userId, published_at: now.toISOString() });
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.standard_publish', targetType: 'prevention_standard', targetId: id, detail: { number, versionId, items: items.length } });
    return standardDetail(trx, ctx, (await repo.findStandard(trx, tenantOf(ctx), id))!);
  });
}

// ---------------------------------------------------------------- inspections

function toInspectionSummary(r: repo.InspectionRow) {
  return {
    id: r.id,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name },
    standard: { id: r.standard_id, title: r.standard_title, versionId: r.standard_version_id, versionNumber: r.version_number },
    inspectedOn: r.inspected_on,
    failedCount: r.failed_count,
    createdAt: r.created_at,
  };
}

export async function listInspections(deps: Deps, ctx: Ctx, q: ListInspectionsQuery) {
  const { items, total } = await repo.listInspections(deps.db, { allianceId: tenantOf(ctx), enterpriseIds: visibleFirms(ctx, q.enterpriseId), standardId: q.standardId }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: items.map(toInspectionSummary), total, page: q.page, pageSize: q.pageSize };
}

/** An inspection of the alliance the actor may see (its firm's, or any for staff), or 404. */
export async function loadInspection(db: Executor, ctx: Ctx, id: number): Promise<repo.InspectionRow> {
  const row = await repo.findInspection(db, tenantOf(ctx), id);
  if (!row || !(isStaff(ctx) || ctx.actor.enterpriseIds.includes(row.enterprise_id))) throw notFound();
  return row;
}

async function inspectionDetail(db: Executor, row: repo.InspectionRow): Promise<InspectionResponse> {
  const version = (await repo.findVersion(db, row.alliance_id, row.standard_version_id))!;
  const items = parseItems(version.items_json);
  const answers = await repo.inspectionItems(db, row.id);
  return {
    ...toInspectionSummary(row),
    note: row.note,
    answers: answers.map((a) => ({ position: a.position, text: items[a.position]?.text ?? '', evidenceRequired: items[a.position]?.evidenceRequired ?? false, outcome: a.outcome as Outcome, note: a.note, ticketId: a.ticket_id })),
  };
}

export async function getInspection(deps: Deps, ctx: Ctx, id: number): Promise<InspectionResponse> {
  return inspectionDetail(deps.db, await loadInspection(deps.db, ctx, id));
}

/**
 * A member's self-inspection against the current version of a standard. Every item is answered
 * once; each failed item opens a problem for the prevention group, in this transaction.
 */
export async function submitInspection(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, body: SubmitInspectionBody): Promise<Created<InspectionResponse, 201>> {
  const allianceId = tenantOf(ctx);
  if (!ctx.actor.enterpriseIds.includes(body.enterpriseId)) throw notFound();
  const firmName = await assertMember(trx, allianceId, body.enterpriseId);
  const standard = await loadStandard(trx, ctx, body.standardId);
  if (body.versionNumber !== standard.published_number) throw new AppError('standard_superseded', { current: standard.published_number });
  const version = (await repo.findVersionByNumber(trx, standard.id, standard.published_number))!;
  const items = parseItems(version.items_json);
  const positions = body.answers.map((a) => a.position).sort((a, b) => a - b);
  if (positions.length !== items.length || positions.some((p, k) => p !== k)) throw new AppError('validation_failed', {}, [{ path: 'answers', code: 'every_item_once' }]);
  const today = shanghaiDate(deps.clock.now());
  if (body.inspectedOn > today) throw new AppError('validation_failed', {}, [{ path: 'inspectedOn', code: 'in_future' }]);

  const now = deps.clock.now();
  const at = now.toISOString();
  const failed = body.answers.filter((a) => a.outcome === 'fail');
  const id = await repo.insertInspection(trx, {
    alliance_id: allianceId, enterprise_id: body.enterpriseId, standard_id: standard.id, standard_version_id: version.id, inspected_on: body.inspectedOn, note: body.note,
    failed_count: failed.length, submitted_by: ctx.actor.userId, created_at: at,
  });
  const ticketIds: number[] = [];
  for (const a of [...body.answers].sort((x, y) => x.position - y.position)) {
    let ticketId: number | null = null;
    if (a.outcome === 'fail') {
      const item = items[a.position]!;
      ticketId = await insertTicket(trx, {
        allianceId, enterpriseId: body.enterpriseId, category: 'prevention', priority: 'high', leadGroup: 'prevention',
        title: `${version.title}：${item.text}`.slice(0, 200),
        description: [`${firmName} ${body.inspectedOn} 防控自查未通过（第 ${version.number} 版第 ${a.position + 1} 项）。`, item.text, a.note].filter(Boolean).join('\n'),
        source: 'enterprise', sourceRef: `prevention_inspection:${id}`, createdBy: ctx.actor.userId, at: now,
      });
      ticketIds.push(ticketId);
    }
    await repo.insertInspectionItem(trx, { inspection_id: id, position: a.position, outcome: a.outcome, note: a.note, ticket_id: ticketId });
  }
  await recordAudit(trx, {
    ...auditFrom(ctx, now), action: 'prevention.inspection_submit', targetType: 'prevention_inspection', targetId: id,
    detail: { enterpriseId: body.enterpriseId, standardId: standard.id, versionNumber: version.number, failed: failed.length, ticketIds },
  });
  // One audit row for the business operation: it names the problems it opened (as a meeting's decision names its action items).
  for (const ticketId of ticketIds) await notifyFiled(trx, outbox, ctx, now, ticketId);
  return { status: 201, body: await inspectionDetail(trx, (await repo.findInspection(trx, allianceId, id))!) };
}

// ---------------------------------------------------------------- trainings

async function presentTrainings(db: Executor, rows: repo.TrainingRow[]): Promise<TrainingResponse[]> {
  const attendees = await repo.attendeesOf(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const mine = attendees.filter((a) => a.training_id === r.id);
    return {
      id: r.id, topic: r.topic, heldOn: r.held_on, place: r.place,
      attendees: mine.map((a) => ({ enterprise: { id: a.enterprise_id, name: a.name }, expected: a.expected, attended: a.attended })),
      expectedTotal: mine.reduce((s, a) => s + a.expected, 0),
      attendedTotal: mine.reduce((s, a) => s + (a.attended ?? 0), 0),
      createdAt: r.created_at, version: r.version,
    };
  });
}

export async function listTrainings(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number }) {
  const { items, total } = await repo.listTrainings(deps.db, tenantOf(ctx), visibleFirms(ctx), { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return { items: await presentTrainings(deps.db, items), total, page: q.page, pageSize: q.pageSize };
}

/** A training of the alliance the actor may see (staff; a firm asked to it), or 404. */
export async function loadTraining(db: Executor, ctx: Ctx, id: number): Promise<repo.TrainingRow> {
  const row = await repo.findTraining(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  if (!isStaff(ctx)) {
    const attendees = await repo.attendeesOf(db, [id]);
    if (!attendees.some((a) => ctx.actor.enterpriseIds.includes(a.enterprise_id))) throw notFound();
  }
  return row;
}

export async function getTraining(deps: Deps, ctx: Ctx, id: number): Promise<TrainingResponse> {
  return (await presentTrainings(deps.db, [await loadTraining(deps.db, ctx, id)]))[0]!;
}

export async function createTraining(trx: Trx, deps: Deps, ctx: Ctx, body: CreateTrainingBody): Promise<Created<TrainingResponse, 201>> {
  assertManager(ctx);
  const allianceId = tenantOf(ctx);
  const firmIds = body.attendees.map((a) => a.enterpriseId);
  if (new Set(firmIds).size !== firmIds.length) throw new AppError('validation_failed', {}, [{ path: 'attendees', code: 'duplicate' }]);
  const members = await membersOf(trx, allianceId, firmIds);
  const outsider = body.attendees.findIndex((a) => !members.has(a.enterpriseId));
  if (outsider >= 0) throw new AppError('validation_failed', {}, [{ path: `attendees.${outsider}.enterpriseId`, code: 'not_a_member' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertTraining(trx, { alliance_id: allianceId, topic: body.topic, held_on: body.heldOn, place: body.place, created_by: ctx.actor.userId, created_at: at, updated_at: at });
  for (const a of body.attendees) await repo.insertAttendee(trx, { training_id: id, enterprise_id: a.enterpriseId, expected: a.expected });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.training_create', targetType: 'prevention_training', targetId: id, detail: { firms: firmIds.length } });
  return { status: 201, body: (await presentTrainings(trx, [(await repo.findTraining(trx, allianceId, id))!]))[0]! };
}

/** Records how many people of each firm came (re-recording replaces). */
export async function recordAttendance(deps: Deps, ctx: Ctx, id: number, body: AttendanceBody): Promise<TrainingResponse> {
  assertManager(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadTraining(trx, ctx, id);
    const now = deps.clock.now();
    if (row.version !== body.version || !(await repo.touchTraining(trx, id, row.version, now.toISOString()))) throw versionConflict(row.version);
    for (const [k, a] of body.attendance.entries()) {
      if (!(await repo.setAttended(trx, id, a.enterpriseId, a.attended))) throw new AppError('validation_failed', {}, [{ path: `attendance.${k}.enterpriseId`, code: 'not_invited' }]);
    }
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'prevention.attendance_record', targetType: 'prevention_training', targetId: id, detail: { firms: body.attendance.length } });
    return (await presentTrainings(trx, [(await repo.findTraining(trx, tenantOf(ctx), id))!]))[0]!;
  });
}

// ---------------------------------------------------------------- supplies

function toSupply(r: repo.SupplyRow, threshold: number): SupplyResponse {
  const cover = coverDays(r.stock_amount, r.daily_use_amount);
  return {
    id: r.id, enterprise: { id: r.enterprise_id, name: r.enterprise_name }, name: r.name, unit: r.unit as UnitCode, stockAmount: r.stock_amount, dailyUseAmount: r.daily_use_amount,
    coverDays: cover, flagged: isFlagged(cover, threshold), updatedAt: r.updated_at, version: r.version,
  };
}

/** The open group purchase flagged firms are invited to: the open campaign whose pledging closes first. */
async function openCampaign(db: Executor, allianceId: number, now: Date) {
  const { items } = await purchasing.listCampaigns(db, allianceId, 'open', 0, 100);
  return items.filter((c) => now.getTime() < Date.parse(c.pledge_deadline)).sort((a, b) => a.pledge_deadline.localeCompare(b.pledge_deadline) || a.id - b.id)[0] ?? null;
}

/**
 * Invites the flagged firms among `enterpriseIds` (all members when undefined) to the open group
 * purchase, once per campaign: their admins get an in-app notification. Returns who was invited.
 */
async function inviteFlagged(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, enterpriseIds?: readonly number[], campaignId?: number) {
  const allianceId = tenantOf(ctx);
  const now = deps.clock.now();
  const campaign = campaignId === undefined ? await openCampaign(trx, allianceId, now) : await purchasing.findCampaign(trx, allianceId, campaignId);
  if (!campaign) {
    if (campaignId !== undefined) throw notFound();
    return { campaignId: null, invited: [] as number[] };
  }
  if (campaign.status !== 'open' || now.getTime() >= Date.parse(campaign.pledge_deadline)) throw new AppError('pledge_closed', { deadline: campaign.pledge_deadline });
  const threshold = await thresholdOf(trx, allianceId);
  const supplies = await repo.listSupplies(trx, allianceId, enterpriseIds);
  const already = new Set((await repo.invitationsOf(trx, campaign.id)).map((i) => i.enterprise_id));
  const byFirm = new Map<number, repo.SupplyRow[]>();
  for (const s of supplies) byFirm.set(s.enterprise_id, [...(byFirm.get(s.enterprise_id) ?? []), s]);
  const due = [...byFirm.entries()]
    .map(([id, rows]) => ({ id, name: rows[0]!.enterprise_name, cover: firmCover(rows.map((r) => ({ stockAmount: r.stock_amount, dailyUseAmount: r.daily_use_amount }))) }))
    .filter((f) => isFlagged(f.cover, threshold) && !already.has(f.id));
  if (!due.length) return { campaignId: campaign.id, invited: [] as number[] };
  const admins = await repo.firmAdminsOf(trx, due.map((f) => f.id));
  for (const f of due) {
    await repo.insertInvitation(trx, { campaign_id: campaign.id, enterprise_id: f.id, cover_days: f.cover!, invited_at: now.toISOString() });
    await raise(trx, outbox, {
      allianceId, kind: 'prevention.purchase_invite', recipients: admins.get(f.id) ?? [], actorUserId: ctx.actor.userId, at: now,
      payload: { campaignId: campaign.id, title: campaign.title, pledgeDeadline: shanghaiDate(new Date(campaign.pledge_deadline)), enterpriseId: f.id, enterprise: f.name, coverDays: f.cover },
    });
  }
  return { campaignId: campaign.id, invited: due.map((f) => f.id) };
}

export async function listSupplies(deps: Deps, ctx: Ctx, q: { enterpriseId?: number; flaggedOnly?: 'true' | 'false' }): Promise<SupplyList> {
  const allianceId = tenantOf(ctx);
  const firms = visibleFirms(ctx, q.enterpriseId);
  const threshold = await thresholdOf(deps.db, allianceId);
  const rows = await repo.listSupplies(deps.db, allianceId, firms);
  const campaign = await openCampaign(deps.db, allianceId, deps.clock.now());
  const invited = new Set(campaign ? (await repo.invitationsOf(deps.db, campaign.id)).map((i) => i.enterprise_id) : []);
  // Every visible member, with the cover its latest daily report gave (purchasing reads the same figure).
  const members = (await purchasing.membersWithCover(deps.db, allianceId)).filter((m) => !firms || firms.includes(m.id));
  const withSupplies = new Set(rows.map((r) => r.enterprise_id));
  const firmRows = members
    .filter((m) => withSupplies.has(m.id) || m.prevention_cover_days !== null)
    .map((m) => {
      const cover = firmCover(rows.filter((r) => r.enterprise_id === m.id).map((r) => ({ stockAmount: r.stock_amount, dailyUseAmount: r.daily_use_amount })));
      return {
        enterprise: { id: m.id, name: m.name }, coverDays: cover, reportedCoverDays: m.prevention_cover_days === null ? null : Number(m.prevention_cover_days),
        flagged: isFlagged(cover, threshold), invitedCampaignId: campaign && invited.has(m.id) ? campaign.id : null,
      };
    })
    .filter((f) => q.flaggedOnly !== 'true' || f.flagged)
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || (a.coverDays ?? Infinity) - (b.coverDays ?? Infinity) || a.enterprise.name.localeCompare(b.enterprise.name));
  const items = rows.map((r) => toSupply(r, threshold)).filter((s) => q.flaggedOnly !== 'true' || s.flagged);
  return {
    thresholdDays: threshold,
    openCampaign: campaign ? { id: campaign.id, title: campaign.title, pledgeDeadline: campaign.pledge_deadline } : null,
    firms: firmRows,
    items,
  };
}

function assertMaySupply(ctx: Ctx, enterpriseId: number) {
  if (ctx.actor.enterpriseIds.includes(enterpriseId)) return;
  if (!isStaff(ctx)) throw notFound();
  if (!isManager(ctx)) throw forbidden();
}

export async function createSupply(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, body: CreateSupplyBody): Promise<Created<SupplyResponse, 201>> {
  assertMaySupply(ctx, body.enterpriseId);
  const allianceId = tenantOf(ctx);
  await assertMember(trx, allianceId, body.enterpriseId);
  if (await repo.findSupplyByName(trx, allianceId, body.enterpriseId, body.name)) throw new AppError('validation_failed', {}, [{ path: 'name', code: 'duplicate' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  let id: number;
  try {
    id = await repo.insertSupply(trx, {
      alliance_id: allianceId, enterprise_id: body.enterpriseId, name: body.name, unit: body.unit, stock_amount: body.stockAmount, daily_use_amount: body.dailyUseAmount,
      updated_by: ctx.actor.userId, created_at: at, updated_at: at,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('validation_failed', {}, [{ path: 'name', code: 'duplicate' }]);
    throw err;
  }
  const invite = await inviteFlagged(trx, outbox, deps, ctx, [body.enterpriseId]);
  await recordAudit(trx, {
    ...auditFrom(ctx, now), action: 'prevention.supply_create', targetType: 'prevention_supply', targetId: id,
    detail: { enterpriseId: body.enterpriseId, unit: body.unit, stockAmount: body.stockAmount, dailyUseAmount: body.dailyUseAmount, invitedTo: invite.invited.length ? invite.campaignId : null },
  });
  return { status: 201, body: toSupply((await repo.findSupply(trx, allianceId, id))!, await thresholdOf(trx, allianceId)) };
}

export async function updateSupply(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, id: number, body: UpdateSupplyBody): Promise<SupplyResponse> {
  const allianceId = tenantOf(ctx);
  const row = await repo.findSupply(trx, allianceId, id);
  if (!row || !(isStaff(ctx) || ctx.actor.enterpriseIds.includes(row.enterprise_id))) throw notFound();
  assertMaySupply(ctx, row.enterprise_id);
  const now = deps.clock.now();
  if (row.version !== body.version || !(await repo.updateSupply(trx, id, row.version, { stock_amount: body.stockAmount, daily_use_amount: body.dailyUseAmount, updated_by: ctx.actor.userId, updated_at: now.toISOString() }))) {
    throw versionConflict(row.version);
  }
  const invite = await inviteFlagged(trx, outbox, deps, ctx, [row.enterprise_id]);
  await recordAudit(trx, {
    ...auditFrom(ctx, now), action: 'prevention.supply_update', targetType: 'prevention_supply', targetId: id,
    detail: { stockAmount: body.stockAmount, dailyUseAmount: body.dailyUseAmount, invitedTo: invite.invited.length ? invite.campaignId : null },
  });
  return toSupply((await repo.findSupply(trx, allianceId, id))!, await thresholdOf(trx, allianceId));
}

/** The prevention group invites every flagged firm not yet invited to an open group purchase. */
export async function inviteAll(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, campaignId: number) {
  assertManager(ctx);
  const result = await inviteFlagged(trx, outbox, deps, ctx, undefined, campaignId);
  await recordAudit(trx, { ...auditFrom(ctx, deps.clock.now()), action: 'prevention.invite', targetType: 'purchase_campaign', targetId: result.campaignId, detail: { invited: result.invited.length } });
  return result;
}
