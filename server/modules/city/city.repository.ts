/**
 * Queries of the city view. Each grouping runs in the database (one row per alliance, or per
 * day and group) and goes through `readOffLoop`: on SQLite in the reader's worker thread, so
 * however large the city the event loop keeps answering; on PostgreSQL as a plain async query.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { readOffLoop, type Executor } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import { reportVisible } from '../enterprises/enterprises.repository';
import { CLOCK_STATUSES, OPEN_STATUSES } from '../tickets/ticket-state';
import type { FigureKey, FirmsFilter } from './city.schema';

const weight = sql<number>`(case when ${sql.ref('e.headcount')} > 1 then ${sql.ref('e.headcount')} else 1 end)`;
const resumedCase = sql<number>`sum(case when ${sql.ref('r.stage')} in ('partial', 'full') then 1 else 0 end)`;

/** The report sums every figure is made of (the overview's `dailySums`, same definitions). */
function reportSums() {
  return [
    sql<number>`count(*)`.as('reported'),
    resumedCase.as('resumed'),
    sql<number>`sum(${weight})`.as('weight'),
    sql<number>`sum(${weight} * ${sql.ref('r.output_pct')})`.as('weighted_output'),
    sql<number>`sum(${weight} * ${sql.ref('r.capacity_pct')})`.as('weighted_capacity'),
    sql<number>`sum(${sql.ref('r.staff_on_duty')})`.as('staff_on_duty'),
    sql<number>`sum(${sql.ref('r.staff_total')})`.as('staff_total'),
    sql<number>`sum(${sql.ref('r.staff_away')})`.as('staff_away'),
    sql<number>`sum(${sql.ref('r.staff_lent_out')})`.as('staff_lent_out'),
    sql<number>`sum(${sql.ref('r.staff_borrowed_in')})`.as('staff_borrowed_in'),
  ] as const;
}
export interface SumRow {
  reported: number | string;
  resumed: number | string | null;
  weight: number | string | null;
  weighted_output: number | string | null;
  weighted_capacity: number | string | null;
  staff_on_duty: number | string | null;
  staff_total: number | string | null;
  staff_away: number | string | null;
  staff_lent_out: number | string | null;
  staff_borrowed_in: number | string | null;
}

export function listAlliances(db: Executor) {
  return db.selectFrom('alliances').select(['id', 'name', 'chain', 'industry', 'district_code']).orderBy('id').execute();
}

export function membersByAlliance(db: Executor) {
  return readOffLoop(db, db.selectFrom('alliance_members').select(['alliance_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('alliance_id'));
}

/** Per alliance: its members' reports of the day it may read (from the join, unless shared). */
export function reportSumsByAlliance(db: Executor, date: string) {
  return readOffLoop(
    db,
    db
      .selectFrom('resumption_reports as r')
      .innerJoin('alliance_members as am', 'am.enterprise_id', 'r.enterprise_id')
      .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
      .where('r.report_date', '=', date)
      .where(reportVisible())
      .groupBy('am.alliance_id')
      .select('am.alliance_id')
      .select(reportSums()),
  );
}

const inAnyAlliance = sql<boolean>`exists (select 1 from alliance_members m where m.enterprise_id = ${sql.ref('e.id')})`;

/** The city: every firm member of at least one alliance, once; the city reads all its reports. */
export async function cityMembers(db: Executor): Promise<number> {
  const [row] = await readOffLoop(db, db.selectFrom('enterprises as e').where(inAnyAlliance).select((eb) => eb.fn.countAll<number>().as('n')));
  return Number(row?.n ?? 0);
}

export async function citySums(db: Executor, date: string) {
  const [row] = await readOffLoop(
    db,
    db.selectFrom('resumption_reports as r').innerJoin('enterprises as e', 'e.id', 'r.enterprise_id').where('r.report_date', '=', date).where(inAnyAlliance).select(reportSums()),
  );
  return row;
}

const openStatuses = [...OPEN_STATUSES];
const clockStatuses = [...CLOCK_STATUSES];

/** Open problems per alliance, and those past their resolve deadline (the clock running). */
export function ticketsByAlliance(db: Executor, now: string) {
  return readOffLoop(
    db,
    db
      .selectFrom('tickets')
      .where('status', 'in', openStatuses)
      .groupBy('alliance_id')
      .select(['alliance_id', (eb) => eb.fn.countAll<number>().as('open')])
      .select(sql<number>`sum(case when ${sql.ref('status')} in (${sql.join(clockStatuses)}) and ${sql.ref('resolve_due_at')} <= ${now} then 1 else 0 end)`.as('overdue')),
  );
}

/** The latest finished chain analysis of each alliance (id and when it finished). */
export async function latestAnalyses(db: Executor) {
  const rows = await db
    .selectFrom('chain_analysis_jobs')
    .select(['id', 'alliance_id', 'finished_at'])
    .where('status', '=', 'done')
    .where('finished_at', 'is not', null)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('chain_analysis_jobs as j2')
        .select('j2.id')
        .where('j2.status', '=', 'done')
        .whereRef('j2.alliance_id', '=', 'chain_analysis_jobs.alliance_id')
        .orderBy('j2.finished_at', 'desc')
        .orderBy('j2.id', 'desc')
        .limit(1),
    )
    .execute();
  return rows.map((r) => ({ id: r.id, allianceId: r.alliance_id, finishedAt: r.finished_at! }));
}

export async function analysisResult(db: Executor, id: string): Promise<Buffer | null> {
  const r = await db.selectFrom('chain_analysis_jobs').select('result_gzip').where('id', '=', id).executeTakeFirst();
  return r?.result_gzip ?? null;
}

/** Day-by-day sums per district or industry over the city (or one alliance) in [from, to]. */
export function breakdownSums(db: Executor, by: 'district' | 'industry', from: string, to: string, allianceId?: number) {
  const key = by === 'district' ? 'e.district_code' : 'e.industry';
  let q = db
    .selectFrom('resumption_reports as r')
    .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .where('r.report_date', '>=', from)
    .where('r.report_date', '<=', to);
  q = allianceId === undefined
    ? q.where(inAnyAlliance)
    : q.innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'r.enterprise_id').on('am.alliance_id', '=', allianceId)).where(reportVisible());
  return readOffLoop(db, q.groupBy(['r.report_date', key]).select(['r.report_date', sql.ref<string>(key).as('key')]).select(reportSums()));
}

export function breakdownMembers(db: Executor, by: 'district' | 'industry', allianceId?: number) {
  const key = by === 'district' ? 'e.district_code' : 'e.industry';
  let q = db.selectFrom('enterprises as e');
  q = allianceId === undefined ? q.where(inAnyAlliance) : q.innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'e.id').on('am.alliance_id', '=', allianceId));
  return readOffLoop(db, q.groupBy(key).select([sql.ref<string>(key).as('key'), (eb) => eb.fn.countAll<number>().as('n')]));
}

type FirmQuery = SelectQueryBuilder<Database & { e: Database['enterprises']; r: Database['resumption_reports'] }, 'e' | 'r', object>;

/**
 * The firms behind a figure: the same membership, visibility and report rules as the figure's
 * own query, so the list's total is the figure (problems: the firms the problems are about).
 */
export function firmsBehind(db: Executor, f: FirmsFilter & { date: string; now: string; breakIds: number[] | null }) {
  let q = db.selectFrom('enterprises as e') as unknown as SelectQueryBuilder<Database & { e: Database['enterprises']; am: Database['alliance_members'] }, 'e' | 'am', object>;
  let withReport: FirmQuery;
  if (f.allianceId !== undefined) {
    const a = f.allianceId;
    q = q.innerJoin('alliance_members as am', (j) => j.onRef('am.enterprise_id', '=', 'e.id').on('am.alliance_id', '=', a));
    withReport = q.leftJoin('resumption_reports as r', (j) => j.onRef('r.enterprise_id', '=', 'e.id').on('r.report_date', '=', f.date).on(reportVisible())) as unknown as FirmQuery;
  } else {
    withReport = (q.where(inAnyAlliance) as unknown as FirmQuery)
      .leftJoin('resumption_reports as r', (j) => j.onRef('r.enterprise_id', '=', 'e.id').on('r.report_date', '=', f.date)) as unknown as FirmQuery;
  }
  let w = withReport;
  if (f.district) w = w.where('e.district_code', '=', f.district);
  if (f.industry) w = w.where('e.industry', '=', f.industry);
  w = filterFigure(w, f.figure, f);
  return w;
}

function filterFigure(q: FirmQuery, figure: FigureKey, f: { allianceId?: number; now: string; breakIds: number[] | null }): FirmQuery {
  const tickets = (overdue: boolean) =>
    sql<boolean>`exists (select 1 from tickets t where t.enterprise_id = ${sql.ref('e.id')} and t.status in (${sql.join(overdue ? clockStatuses : openStatuses)})${
      overdue ? sql` and t.resolve_due_at <= ${f.now}` : sql``
    }${f.allianceId !== undefined ? sql` and t.alliance_id = ${f.allianceId}` : sql``})`;
  switch (figure) {
    case 'members':
      return q;
    case 'reported':
      return q.where('r.id', 'is not', null);
    case 'unknown':
      return q.where('r.id', 'is', null);
    case 'resumed':
      return q.where('r.stage', 'in', ['partial', 'full']);
    case 'stopped':
      return q.where('r.stage', '=', 'stopped');
    case 'open_problems':
      return q.where(tickets(false));
    case 'overdue_problems':
      return q.where(tickets(true));
    case 'chain_breaks':
      return f.breakIds && f.breakIds.length ? q.where('e.id', 'in', f.breakIds) : q.where(sql<boolean>`1 = 0`);
  }
}

const SORT_COLUMNS = {
  name: 'e.name',
  headcount: 'e.headcount',
  districtCode: 'e.district_code',
  industry: 'e.industry',
  outputPct: 'r.output_pct',
  capacityPct: 'r.capacity_pct',
  staffOnDuty: 'r.staff_on_duty',
} as const;

export async function firmsPage(db: Executor, q: FirmQuery, sort: keyof typeof SORT_COLUMNS, order: 'asc' | 'desc', page: { offset: number; limit: number } | null) {
  let items = q
    .select(['e.id', 'e.name', 'e.district_code', 'e.industry', 'e.headcount', 'r.id as report_id', 'r.stage', 'r.output_pct', 'r.capacity_pct', 'r.staff_on_duty', 'r.staff_total'])
    // Firms without a report sort after those with one, whichever the direction.
    .orderBy(sql`case when ${sql.ref(SORT_COLUMNS[sort])} is null then 1 else 0 end`)
    .orderBy(SORT_COLUMNS[sort], order)
    .orderBy('e.id', order);
  if (page) items = items.offset(page.offset).limit(page.limit);
  const [rows, total] = await Promise.all([readOffLoop(db, items), page ? readOffLoop(db, q.select((eb) => eb.fn.countAll<number>().as('n'))) : Promise.resolve(null)]);
  return { rows, total: total ? Number(total[0]?.n ?? 0) : rows.length };
}
