/** Queries of the policy library. Every read is scoped to one alliance by the caller. */
import type { Executor } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import type { Insertable } from 'kysely';
import { reportVisible } from '../enterprises/enterprises.repository';

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

export async function listPolicies(db: Executor, allianceId: number, q: { q?: string; offset: number; limit: number }) {
  let query = base(db, allianceId);
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
    .leftJoin('resumption_reports as r', (j) =>
      j.onRef('r.enterprise_id', '=', 'e.id').on((eb) =>
        eb('r.report_date', '=', eb.selectFrom('resumption_reports as r2').select((e2) => e2.fn.max('r2.report_date').as('d')).whereRef('r2.enterprise_id', '=', 'e.id').where('r2.report_date', '<=', today).where(reportVisible('am', 'r2'))),
      ),
    )
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
