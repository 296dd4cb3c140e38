/**
 * The policy library (政策库) and matching (政策匹配): which members qualify for a policy and
 * why, which policies a member qualifies for and what it still needs. A new policy notifies the
 * admins of the members that qualify (in the app and through the alliance's robot).
 */
import { auditFrom, recordAudit } from '../../core/audit';
import type { Ctx, Deps } from '../../core/context';
import type { Executor, Trx } from '../../core/db/database';
import { AppError, notFound } from '../../core/errors';
import type { Created } from '../../core/http/idempotency';
import { tenantOf } from '../../core/tenant';
import { shanghaiDate } from '../../domain/workdays';
import { getVisibleEnterprise } from '../enterprises/enterprises.service';
import { raise } from '../notifications/notifications.service';
import type { Outbox } from '../notifications/outbox';
import { evaluate, Rules, type FirmFacts, type Rule } from './policies.eligibility';
import * as repo from './policies.repository';
import type { CreatePolicyBody, ListPoliciesQuery, PolicyResponse } from './policies.schema';

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
function assertManager(ctx: Ctx): void {
  const a = ctx.actor;
  if (a.roles.has('platform_admin') || a.roles.has('secretary')) return;
  if (a.roles.has('group_member') && a.workingGroups.includes('policy')) return;
  throw new AppError('forbidden');
}

async function loadPolicy(db: Executor, ctx: Ctx, id: number) {
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
  const { items, total } = await repo.listPolicies(deps.db, allianceId, { q: q.q || undefined, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
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
