/** Queries of the policy library. Every read is scoped to one alliance by the caller. */
import type { Executor } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import { sql, type Insertable, type Updateable } from 'kysely';
import { isLatestReport } from '../enterprises/enterprises.repository';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function base(db: Executor, allianceId: number) {
  return db
    .selectFrom('policies as p')
    .leftJoin('departments as d', 'd.id', 'p.department_id')
    .where('p.alliance_id', '=', allianceId)
    .selectAll('p')
    .select(['d.name as department_name', 'd.name_en as department_name_en']);
}

export type PolicyRow = NonNullable<Awaited<ReturnType<typeof findPolicy>>>;

export function findPolicy(db: Executor, allianceId: number, id: number) {
  return base(db, allianceId).where('p.id', '=', id).executeTakeFirst();
}

export async function listPolicies(db: Executor, allianceId: number, q: { q?: string; benefitKind?: string; offset: number; limit: number }) {
  let query = base(db, allianceId);
  if (q.benefitKind) query = query.where('p.benefit_kind', '=', q.benefitKind);
  if (q.q) query = query.where('p.title', 'like', `%${escapeLike(q.q)}%`);
  const all = await query.orderBy('p.issued_on', 'desc').orderBy('p.id', 'desc').execute();
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
}

/** Every policy of the alliance (a member's matching). */
export function allPolicies(db: Executor, allianceId: number) {
  return base(db, allianceId).orderBy('p.issued_on', 'desc').orderBy('p.id', 'desc').execute();
}

export async function insertPolicy(db: Executor, row: Insertable<Database['policies']>): Promise<number> {
  return (await db.insertInto('policies').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function departmentExists(db: Executor, id: number) {
  return db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst();
}

/**
 * What matching needs to know about the alliance's members (or one of them): the registry
 * fields and the latest report on or before `today` the alliance may see.
 */
export function memberFacts(db: Executor, allianceId: number, today: string, enterpriseId?: number) {
  let q = db
    .selectFrom('enterprises as e')
    .innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'e.id').on('am.alliance_id', '=', allianceId))
    .leftJoin('resumption_reports as r', (j) => j.onRef('r.enterprise_id', '=', 'e.id').on(isLatestReport(false, today)))
    .select([
      'e.id', 'e.name', 'e.industry', 'e.industry_division', 'e.district_code', 'e.headcount', 'e.above_designated_size', 'e.ownership', 'e.annual_output_fen',
      'am.joined_at', 'r.stage', 'r.staff_on_duty', 'r.output_pct', 'r.capacity_pct', 'r.material_cover_days', 'r.prevention_cover_days',
    ])
    .orderBy('e.name')
    .orderBy('e.id');
  if (enterpriseId !== undefined) q = q.where('e.id', '=', enterpriseId);
  return q.execute();
}
export type MemberFactsRow = Awaited<ReturnType<typeof memberFacts>>[number];

/** Enabled accounts speaking for these firms as their admins. */
export async function firmAdminsOf(db: Executor, enterpriseIds: number[]): Promise<number[]> {
  if (!enterpriseIds.length) return [];
  const rows = await db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select('u.id')
    .where('g.role', '=', 'enterprise_admin')
    .where('g.enterprise_id', 'in', enterpriseIds)
    .where('u.disabled', '=', 0)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}

// ——— Fulfilment ———

function applications(db: Executor, allianceId: number) {
  return db
    .selectFrom('policy_applications as a')
    .innerJoin('policies as p', 'p.id', 'a.policy_id')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .where('a.alliance_id', '=', allianceId)
    .selectAll('a')
    .select(['p.title as policy_title', 'e.name as enterprise_name']);
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export function findApplication(db: Executor, allianceId: number, id: number) {
  return applications(db, allianceId).where('a.id', '=', id).executeTakeFirst();
}

export async function listApplications(
  db: Executor,
  allianceId: number,
  f: { policyId?: number; enterpriseId?: number; status?: string; onlyFirms?: readonly number[] },
  page: { offset: number; limit: number },
) {
  let q = applications(db, allianceId);
  if (f.policyId !== undefined) q = q.where('a.policy_id', '=', f.policyId);
  if (f.enterpriseId !== undefined) q = q.where('a.enterprise_id', '=', f.enterpriseId);
  if (f.status !== undefined) q = q.where('a.status', '=', f.status);
  if (f.onlyFirms) q = f.onlyFirms.length ? q.where('a.enterprise_id', 'in', [...f.onlyFirms]) : q.where(sql<boolean>`1 = 0`);
  const { n } = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').offset(page.offset).limit(page.limit).execute();
  return { items, total: Number(n) };
}

export function applicationExists(db: Executor, policyId: number, enterpriseId: number) {
  return db.selectFrom('policy_applications').select('id').where('policy_id', '=', policyId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

export async function insertApplication(db: Executor, row: Insertable<Database['policy_applications']>): Promise<number> {
  return (await db.insertInto('policy_applications').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export type ApplicationChanges = Updateable<Database['policy_applications']>;

/** Applies a change at `version`; false when someone changed it first. */
export async function updateApplication(db: Executor, id: number, version: number, changes: ApplicationChanges): Promise<boolean> {
  const r = await db.updateTable('policy_applications').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts and sums per policy and status (the totals' one query). */
export function applicationSums(db: Executor, allianceId: number) {
  return db
    .selectFrom('policy_applications as a')
    .innerJoin('policies as p', 'p.id', 'a.policy_id')
    .leftJoin('departments as d', 'd.id', 'p.department_id')
    .where('a.alliance_id', '=', allianceId)
    .groupBy(['a.policy_id', 'p.title', 'p.department_id', 'd.name', 'd.name_en', 'a.status'])
    .select((eb) => [
      'a.policy_id', 'p.title', 'p.department_id', 'd.name as department_name', 'd.name_en as department_name_en', 'a.status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('a.requested_fen').as('requested'),
      eb.fn.sum<number | null>('a.approved_fen').as('approved'),
      eb.fn.sum<number | null>('a.disbursed_fen').as('disbursed'),
    ])
    .orderBy('a.policy_id')
    .execute();
}

/** Open applications of every alliance whose stage is due by `until` and not yet reminded. */
export function applicationsToRemind(db: Executor, until: string) {
  return db
    .selectFrom('policy_applications as a')
    .innerJoin('policies as p', 'p.id', 'a.policy_id')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .where('a.status', 'in', ['preparing', 'submitted', 'approved'])
    .where('a.due_on', 'is not', null)
    .where('a.due_on', '<=', until)
    .where('a.reminded_at', 'is', null)
    .select(['a.id', 'a.alliance_id', 'a.enterprise_id', 'a.status', 'a.due_on', 'a.version', 'p.title', 'e.name as enterprise_name'])
    .orderBy('a.id')
    .execute();
}

/** Marks the current stage reminded; false when another run did it or the stage moved on. */
export async function markReminded(db: Executor, id: number, status: string, at: string): Promise<boolean> {
  const r = await db.updateTable('policy_applications').set({ reminded_at: at }).where('id', '=', id).where('status', '=', status).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Enabled members of the alliance's policy working group. */
export async function policyGroup(db: Executor, allianceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select('u.id')
    .where('g.role', '=', 'group_member')
    .where('g.working_group', '=', 'policy')
    .where('g.alliance_id', '=', allianceId)
    .where('u.disabled', '=', 0)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}

/** Whether the firm is a member of the alliance. */
export function isMember(db: Executor, allianceId: number, enterpriseId: number) {
  return db.selectFrom('alliance_members').select('enterprise_id').where('alliance_id', '=', allianceId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

// ——— Co-research ———

function questions(db: Executor, allianceId: number) {
  return db
    .selectFrom('policy_questions as q')
    .innerJoin('enterprises as e', 'e.id', 'q.enterprise_id')
    .where('q.alliance_id', '=', allianceId)
    .selectAll('q')
    .select('e.name as enterprise_name');
}
export type QuestionRow = NonNullable<Awaited<ReturnType<typeof findQuestion>>>;

export function findQuestion(db: Executor, allianceId: number, id: number) {
  return questions(db, allianceId).where('q.id', '=', id).executeTakeFirst();
}

/** A policy's questions, oldest first; `firms` set: only theirs and the published answers. */
export function listQuestions(db: Executor, allianceId: number, policyId: number, firms?: readonly number[]) {
  let q = questions(db, allianceId).where('q.policy_id', '=', policyId);
  if (firms) q = q.where((eb) => eb.or([eb('q.published', '=', 1), ...(firms.length ? [eb('q.enterprise_id', 'in', [...firms])] : [])]));
  return q.orderBy('q.created_at').orderBy('q.id').execute();
}

export async function insertQuestion(db: Executor, row: Insertable<Database['policy_questions']>): Promise<number> {
  return (await db.insertInto('policy_questions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function answerQuestion(db: Executor, id: number, version: number, changes: Updateable<Database['policy_questions']>): Promise<boolean> {
  const r = await db.updateTable('policy_questions').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Accounts of the firm (admins and staff), to tell them of an answer. */
export async function firmAccounts(db: Executor, enterpriseId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_roles as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select('u.id')
    .where('g.role', 'in', ['enterprise_admin', 'enterprise_staff'])
    .where('g.enterprise_id', '=', enterpriseId)
    .where('u.disabled', '=', 0)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}
