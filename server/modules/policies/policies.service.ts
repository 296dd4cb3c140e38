/**
 * The policy library (政策库) and matching (政策匹配): which members qualify for a policy and
 * why, which policies a member qualifies for and what it still needs. A new policy notifies the
 * admins of the members that qualify (in the app and through the alliance's robot).
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound, versionConflict, type FieldError } from '../../core/errors';
import { isAllianceStaff } from '../../core/auth/policy';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import { getVisibleEnterprise } from '../enterprises/enterprises.service';
import { loadCalendar } from '../calendar/calendar.service';
import { raise } from '../notifications/notifications.service';
import { notifyingTransaction, type Outbox } from '../notifications/outbox';
import { evaluate, Rules, type FirmFacts, type Rule } from './policies.eligibility';
import * as repo from './policies.repository';
import { APPLICATION_TRANSITIONS, canMove, isOverdue, reminderDue, stageDueOn, type ApplicationStatus } from './policies.fulfilment';
import type {
  AnswerQuestionBody, ApplicationResponse, AskQuestionBody, CreateApplicationBody, CreatePolicyBody, ListApplicationsQuery, ListPoliciesQuery, PolicyResponse, QuestionResponse,
  TransitionApplicationBody, Totals,
} from './policies.schema';

const DAY_MS = 86_400_000;

function rulesOf(row: { rules_json: string }): Rule[] {
  try {
    const parsed = Rules.safeParse(JSON.parse(row.rules_json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function toPolicy(r: repo.PolicyRow): PolicyResponse {
  return {
    id: r.id,
    title: r.title,
    department: r.department_id === null ? null : { id: r.department_id, name: r.department_name ?? '', nameEn: r.department_name_en ?? '' },
    issuedOn: r.issued_on,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    summary: r.summary,
    fullText: r.full_text,
    benefitKind: r.benefit_kind as PolicyResponse['benefitKind'],
    benefitAmountFen: r.benefit_amount_fen === null ? null : Number(r.benefit_amount_fen),
    benefitFormula: r.benefit_formula,
    rules: rulesOf(r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/** A member's facts as the evaluator reads them. */
export function factsOf(m: repo.MemberFactsRow, today: string): FirmFacts {
  const joined = Date.parse(`${m.joined_at.slice(0, 10)}T00:00:00Z`);
  return {
    industry: m.industry,
    industryDivision: m.industry_division,
    districtCode: m.district_code,
    headcount: m.headcount,
    aboveDesignatedSize: !!m.above_designated_size,
    ownership: m.ownership,
    annualOutputFen: num(m.annual_output_fen),
    stage: (m.stage as FirmFacts['stage']) ?? null,
    staffOnDuty: num(m.staff_on_duty),
    outputPct: num(m.output_pct),
    capacityPct: num(m.capacity_pct),
    materialCoverDays: num(m.material_cover_days),
    preventionCoverDays: num(m.prevention_cover_days),
    memberDays: Math.max(0, Math.floor((Date.parse(`${today}T00:00:00Z`) - joined) / DAY_MS)),
  };
}

const today = (deps: Deps) => shanghaiDate(deps.clock.now());

/** The policy working group keeps the library: its members, the secretary, the platform admin. */
export function isPolicyManager(ctx: Ctx): boolean {
  const a = ctx.actor;
  return a.roles.has('platform_admin') || a.roles.has('secretary') || (a.roles.has('group_member') && a.workingGroups.includes('policy'));
}

function assertManager(ctx: Ctx): void {
  if (!isPolicyManager(ctx)) throw new AppError('forbidden');
}

/** The policy as `ctx` may see it (its alliance's), or not_found. */
export async function loadPolicy(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findPolicy(db, tenantOf(ctx), id);
  if (!row) throw notFound();
  return row;
}

async function matchAll(db: Executor, allianceId: number, day: string, rules: Rule[]) {
  const members = await repo.memberFacts(db, allianceId, day);
  return members.map((m) => ({ enterprise: { id: m.id, name: m.name }, ...evaluate(rules, factsOf(m, day)) }));
}

export async function listPolicies(deps: Deps, ctx: Ctx, q: ListPoliciesQuery) {
  const allianceId = tenantOf(ctx);
  const { items, total } = await repo.listPolicies(deps.db, allianceId, { q: q.q || undefined, benefitKind: q.benefitKind, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  const day = today(deps);
  const members = items.length ? (await repo.memberFacts(deps.db, allianceId, day)).map((m) => factsOf(m, day)) : [];
  return {
    items: items.map((r) => {
      const { fullText: _text, ...p } = toPolicy(r);
      const rules = p.rules;
      return { ...p, eligibleCount: members.filter((f) => evaluate(rules, f).eligible).length };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getPolicy(deps: Deps, ctx: Ctx, id: number): Promise<PolicyResponse> {
  return toPolicy(await loadPolicy(deps.db, ctx, id));
}

/** Adds a policy to the library and tells the members that qualify (their admins). */
export async function createPolicy(trx: Trx, outbox: Outbox, deps: Deps, ctx: Ctx, body: CreatePolicyBody): Promise<Created<PolicyResponse, 201>> {
  assertManager(ctx);
  const allianceId = tenantOf(ctx);
  if (body.departmentId !== null && !(await repo.departmentExists(trx, body.departmentId))) {
    throw new AppError('validation_failed', {}, [{ path: 'departmentId', code: 'unknown_reference' }]);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertPolicy(trx, {
    alliance_id: allianceId,
    title: body.title,
    department_id: body.departmentId,
    issued_on: body.issuedOn,
    valid_from: body.validFrom,
    valid_to: body.validTo,
    summary: body.summary,
    full_text: body.fullText,
    benefit_kind: body.benefitKind,
    benefit_amount_fen: body.benefitAmountFen,
    benefit_formula: body.benefitFormula,
    rules_json: JSON.stringify(body.rules),
    created_by: ctx.actor.userId,
    created_at: at,
    updated_at: at,
  });
  const eligible = (await matchAll(trx, allianceId, today(deps), body.rules)).filter((m) => m.eligible);
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'policy.create', targetType: 'policy', targetId: id, detail: { rules: body.rules.length, eligible: eligible.length } });
  await raise(trx, outbox, {
    allianceId,
    kind: 'policy.published',
    payload: { policyId: id, title: body.title, eligible: eligible.length, amountFen: body.benefitAmountFen },
    recipients: await repo.firmAdminsOf(trx, eligible.map((m) => m.enterprise.id)),
    actorUserId: ctx.actor.userId,
    at: now,
  });
  return { status: 201, body: toPolicy((await repo.findPolicy(trx, allianceId, id))!) };
}

/** The members of the alliance measured against the policy's rules, with reasons. */
export async function policyMatches(deps: Deps, ctx: Ctx, id: number, all: boolean) {
  const row = await loadPolicy(deps.db, ctx, id);
  const matches = await matchAll(deps.db, tenantOf(ctx), today(deps), rulesOf(row));
  const eligible = matches.filter((m) => m.eligible).length;
  return { policyId: id, members: matches.length, eligible, items: all ? matches : matches.filter((m) => m.eligible) };
}

/** The alliance's policies measured against one member: what it qualifies for, what it still needs. */
export async function enterprisePolicies(deps: Deps, ctx: Ctx, enterpriseId: number) {
  await getVisibleEnterprise(deps, ctx, enterpriseId);
  const allianceId = tenantOf(ctx);
  const day = today(deps);
  const [member] = await repo.memberFacts(deps.db, allianceId, day, enterpriseId);
  if (!member) throw notFound();
  const facts = factsOf(member, day);
  const policies = await repo.allPolicies(deps.db, allianceId);
  const items = policies
    .filter((p) => p.valid_to === null || p.valid_to >= day)
    .map((p) => ({
      policy: { id: p.id, title: p.title, benefitKind: p.benefit_kind as PolicyResponse['benefitKind'], benefitAmountFen: p.benefit_amount_fen === null ? null : Number(p.benefit_amount_fen), validTo: p.valid_to },
      ...evaluate(rulesOf(p), facts),
    }))
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.missing.length - b.missing.length);
  return { enterpriseId, items };
}

// ——— Fulfilment (政策兑现) ———

function toApplication(r: repo.ApplicationRow, day: string): ApplicationResponse {
  const status = r.status as ApplicationStatus;
  return {
    id: r.id,
    policy: { id: r.policy_id, title: r.policy_title },
    enterprise: { id: r.enterprise_id, name: r.enterprise_name },
    status,
    requestedFen: Number(r.requested_fen),
    approvedFen: r.approved_fen === null ? null : Number(r.approved_fen),
    disbursedFen: r.disbursed_fen === null ? null : Number(r.disbursed_fen),
    note: r.note,
    decisionReason: r.decision_reason,
    dueOn: r.due_on,
    overdue: isOverdue(r.due_on, day),
    next: [...APPLICATION_TRANSITIONS[status]],
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    disbursedAt: r.disbursed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Staff see every application of the alliance; a firm's accounts only their firms'. */
function firmScope(ctx: Ctx): readonly number[] | undefined {
  return isAllianceStaff(ctx.actor) ? undefined : ctx.actor.enterpriseIds;
}

async function loadApplication(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findApplication(db, tenantOf(ctx), id);
  const firms = firmScope(ctx);
  if (!row || (firms && !firms.includes(row.enterprise_id))) throw notFound();
  return row;
}

export async function listApplications(deps: Deps, ctx: Ctx, q: ListApplicationsQuery) {
  const { items, total } = await repo.listApplications(
    deps.db,
    tenantOf(ctx),
    { policyId: q.policyId, enterpriseId: q.enterpriseId, status: q.status, onlyFirms: firmScope(ctx) },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  );
  const day = today(deps);
  return { items: items.map((r) => toApplication(r, day)), total, page: q.page, pageSize: q.pageSize };
}

export async function getApplication(deps: Deps, ctx: Ctx, id: number): Promise<ApplicationResponse> {
  return toApplication(await loadApplication(deps.db, ctx, id), today(deps));
}

/** The policy group records a member's application (it starts in preparation). */
export async function createApplication(trx: Trx, deps: Deps, ctx: Ctx, body: CreateApplicationBody): Promise<Created<ApplicationResponse, 201>> {
  assertManager(ctx);
  const allianceId = tenantOf(ctx);
  const errors: FieldError[] = [];
  if (!(await repo.findPolicy(trx, allianceId, body.policyId))) errors.push({ path: 'policyId', code: 'unknown_reference' });
  if (!(await repo.isMember(trx, allianceId, body.enterpriseId))) errors.push({ path: 'enterpriseId', code: 'not_a_member' });
  if (errors.length) throw new AppError('validation_failed', {}, errors);
  if (await repo.applicationExists(trx, body.policyId, body.enterpriseId)) throw new AppError('already_applied');
  const now = deps.clock.now();
  const at = now.toISOString();
  const day = shanghaiDate(now);
  const cal = await loadCalendar(trx);
  const id = await repo.insertApplication(trx, {
    alliance_id: allianceId, policy_id: body.policyId, enterprise_id: body.enterpriseId, status: 'preparing', requested_fen: body.requestedFen,
    note: body.note, due_on: stageDueOn(cal, 'preparing', day), created_by: ctx.actor.userId, created_at: at, updated_at: at,
  });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'policy.apply', targetType: 'policy_application', targetId: id, detail: { policyId: body.policyId, enterpriseId: body.enterpriseId, requestedFen: body.requestedFen } });
  return { status: 201, body: toApplication((await repo.findApplication(trx, allianceId, id))!, day) };
}

/** Moves an application along its life (see policies.fulfilment.ts); the new stage gets its deadline. */
export async function transitionApplication(deps: Deps, ctx: Ctx, id: number, body: TransitionApplicationBody): Promise<ApplicationResponse> {
  assertManager(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const current = await loadApplication(trx, ctx, id);
    if (current.version !== body.version) throw versionConflict(current.version);
    const from = current.status as ApplicationStatus;
    if (!canMove(from, body.to)) throw new AppError('illegal_transition', { from, to: body.to });
    if (body.to === 'disbursed' && body.amountFen! > Number(current.approved_fen ?? 0)) {
      throw new AppError('validation_failed', {}, [{ path: 'amountFen', code: 'above_approved', params: { max: Number(current.approved_fen ?? 0) } }]);
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const day = shanghaiDate(now);
    const cal = await loadCalendar(trx);
    const changes: repo.ApplicationChanges = { status: body.to, updated_at: at, reminded_at: null, due_on: stageDueOn(cal, body.to, day) };
    if (body.to === 'submitted') changes.submitted_at = at;
    if (body.to === 'approved' || body.to === 'rejected') changes.decided_at = at;
    if (body.to === 'approved') changes.approved_fen = body.amountFen!;
    if (body.to === 'disbursed') {
      changes.disbursed_at = at;
      changes.disbursed_fen = body.amountFen!;
    }
    if (body.reason !== undefined) changes.decision_reason = body.reason;
    if (!(await repo.updateApplication(trx, id, body.version, changes))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'policy.transition', targetType: 'policy_application', targetId: id, detail: { from, to: body.to, ...(body.amountFen !== undefined ? { amountFen: body.amountFen } : {}) } });
    return toApplication((await repo.findApplication(trx, current.alliance_id, id))!, day);
  });
}

const emptyTotals = (): Totals => ({ applications: 0, byStatus: { preparing: 0, submitted: 0, approved: 0, rejected: 0, disbursed: 0 }, requestedFen: 0, approvedFen: 0, disbursedFen: 0 });

function add(t: Totals, r: { status: string; n: number | string; requested: number | string | null; approved: number | string | null; disbursed: number | string | null }): void {
  const n = Number(r.n);
  t.applications += n;
  t.byStatus[r.status as ApplicationStatus] += n;
  t.requestedFen += Number(r.requested ?? 0);
  t.approvedFen += Number(r.approved ?? 0);
  t.disbursedFen += Number(r.disbursed ?? 0);
}

/** Counts and amounts of the alliance's applications, by policy, by issuing department and in all. */
export async function applicationTotals(deps: Deps, ctx: Ctx) {
  const rows = await repo.applicationSums(deps.db, tenantOf(ctx));
  const alliance = emptyTotals();
  const byPolicy = new Map<number, Totals & { policy: { id: number; title: string } }>();
  const byDepartment = new Map<number | null, Totals & { department: { id: number; name: string; nameEn: string } | null }>();
  for (const r of rows) {
    add(alliance, r);
    const p = byPolicy.get(r.policy_id) ?? { ...emptyTotals(), policy: { id: r.policy_id, title: r.title } };
    add(p, r);
    byPolicy.set(r.policy_id, p);
    const d = byDepartment.get(r.department_id) ?? { ...emptyTotals(), department: r.department_id === null ? null : { id: r.department_id, name: r.department_name ?? '', nameEn: r.department_name_en ?? '' } };
    add(d, r);
    byDepartment.set(r.department_id, d);
  }
  const byMoney = <T extends Totals>(a: T, b: T) => b.disbursedFen - a.disbursedFen || b.approvedFen - a.approvedFen || b.applications - a.applications;
  return { alliance, byPolicy: [...byPolicy.values()].sort(byMoney), byDepartment: [...byDepartment.values()].sort(byMoney) };
}

export interface ReminderSummary {
  reminded: number;
}

/**
 * Reminds the policy group (and, while the firm prepares, the firm's admins) of every open
 * application whose stage is due by the next working day or overdue — once per stage. Each
 * reminder is a conditional update, so concurrent runs remind once. The server runs it on a timer.
 */
export async function remindApplications(deps: Deps, now: Date = deps.clock.now()): Promise<ReminderSummary> {
  const cal = await loadCalendar(deps.db);
  const day = shanghaiDate(now);
  const at = now.toISOString();
  let reminded = 0;
  for (const a of await repo.applicationsToRemind(deps.db, cal.nextWorkday(day))) {
    if (!reminderDue(cal, a.due_on!, day)) continue;
    const done = await notifyingTransaction(deps, async (trx, outbox) => {
      if (!(await repo.markReminded(trx, a.id, a.status, at))) return false;
      const recipients = [...(await repo.policyGroup(trx, a.alliance_id)), ...(a.status === 'preparing' ? await repo.firmAdminsOf(trx, [a.enterprise_id]) : [])];
      await raise(trx, outbox, {
        allianceId: a.alliance_id, kind: 'policy.application_due',
        payload: { applicationId: a.id, title: a.title, enterprise: a.enterprise_name, status: a.status, dueOn: a.due_on },
        recipients, actorUserId: null, at: now,
      });
      return true;
    });
    if (done) reminded += 1;
  }
  return { reminded };
}

// ——— Co-research (政策共研) ———

/**
 * Who sees what: alliance staff see every question of the alliance; a firm's accounts see their
 * firms' questions (answered or not) and the answers the policy group published — those without
 * the asking firm's name.
 */
function toQuestion(r: repo.QuestionRow, firms: readonly number[] | undefined, own: readonly number[]): QuestionResponse {
  const mine = own.includes(r.enterprise_id);
  return {
    id: r.id,
    policyId: r.policy_id,
    enterprise: firms && !mine ? null : { id: r.enterprise_id, name: r.enterprise_name },
    mine,
    question: r.question,
    answer: r.answer,
    answeredAt: r.answered_at,
    published: !!r.published,
    createdAt: r.created_at,
    version: r.version,
  };
}

export async function listQuestions(deps: Deps, ctx: Ctx, policyId: number) {
  await loadPolicy(deps.db, ctx, policyId);
  const firms = firmScope(ctx);
  const rows = await repo.listQuestions(deps.db, tenantOf(ctx), policyId, firms);
  return { items: rows.map((r) => toQuestion(r, firms, ctx.actor.enterpriseIds)) };
}

/** A member asks about a policy (for one of the firms its account speaks for). */
export async function askQuestion(trx: Trx, deps: Deps, ctx: Ctx, policyId: number, body: AskQuestionBody): Promise<Created<QuestionResponse, 201>> {
  const allianceId = tenantOf(ctx);
  await loadPolicy(trx, ctx, policyId);
  const own = ctx.actor.enterpriseIds;
  const enterpriseId = body.enterpriseId ?? (own.length === 1 ? own[0] : undefined);
  if (enterpriseId === undefined || !own.includes(enterpriseId)) throw new AppError('validation_failed', {}, [{ path: 'enterpriseId', code: own.length ? 'not_own_enterprise' : 'required' }]);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = await repo.insertQuestion(trx, { alliance_id: allianceId, policy_id: policyId, enterprise_id: enterpriseId, asked_by: ctx.actor.userId, question: body.question, created_at: at, updated_at: at });
  await recordAudit(trx, { ...auditFrom(ctx, now), action: 'policy.ask', targetType: 'policy_question', targetId: id, detail: { policyId, enterpriseId } });
  return { status: 201, body: toQuestion((await repo.findQuestion(trx, allianceId, id))!, firmScope(ctx), own) };
}

/** The policy group answers (or corrects its answer); published answers are shown to every member. */
export async function answerQuestion(deps: Deps, ctx: Ctx, id: number, body: AnswerQuestionBody): Promise<QuestionResponse> {
  assertManager(ctx);
  return notifyingTransaction(deps, async (trx, outbox) => {
    const allianceId = tenantOf(ctx);
    const current = await repo.findQuestion(trx, allianceId, id);
    if (!current) throw notFound();
    if (current.version !== body.version) throw versionConflict(current.version);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (!(await repo.answerQuestion(trx, id, body.version, { answer: body.answer, published: body.publish ? 1 : 0, answered_by: ctx.actor.userId, answered_at: at, updated_at: at }))) throw versionConflict(current.version + 1);
    await recordAudit(trx, { ...auditFrom(ctx, now), action: 'policy.answer', targetType: 'policy_question', targetId: id, detail: { policyId: current.policy_id, published: body.publish } });
    const policy = await repo.findPolicy(trx, allianceId, current.policy_id);
    await raise(trx, outbox, {
      allianceId, kind: 'policy.answered', payload: { policyId: current.policy_id, questionId: id, title: policy?.title ?? '' },
      recipients: await repo.firmAccounts(trx, current.enterprise_id), actorUserId: ctx.actor.userId, at: now,
    });
    return toQuestion((await repo.findQuestion(trx, allianceId, id))!, firmScope(ctx), ctx.actor.enterpriseIds);
  });
}
